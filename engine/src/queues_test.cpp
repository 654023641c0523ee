#include <doctest/doctest.h>

#include <cstdio>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

using testing::tf;

// Python twin:
//   q = asyncio.Queue(maxsize=2)
//   async def producer():
//       for i in range(5):
//           await q.put(i); log(f"put {i} qsize={q.qsize()} full={q.full()}")
//       await q.put(None)
//   async def consumer(name):
//       while True:
//           item = await q.get()
//           if item is None: q.task_done(); await q.put(None); break
//           log(f"{name} got {item}"); await asyncio.sleep(1); q.task_done()
//   p = create_task(producer()); cs = [create_task(consumer(n)) for n in ("c1", "c2")]
//   await p; await q.join()
//   log(f"joined t={t:.1f} unfinished={q._unfinished_tasks}"); await gather(*cs)
//   q.get_nowait(); q.get_nowait() -> QueueEmpty; put_nowait 1, 2, 3 -> QueueFull
//   task_done() x3, the fourth -> ValueError
//   PriorityQueue 5 1 4 2 3 -> 1 2 3 4 5; LifoQueue 1 2 3 -> 3 2 1
//   g1, g2 wait on get(); put_nowait("x"); g1.cancel() -> g2 gets it
TEST_CASE("Queue: bounded put/get, task_done/join, nowait errors, Priority and Lifo order, cancelled getter") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    double t0 = get_running_loop().time();
    Queue<std::optional<int>> q(2);
    auto p = create_task([&] {
      for (int i = 0; i < 5; ++i) {
        q.put(i);
        log("put " + std::to_string(i) + " qsize=" + std::to_string(q.qsize()) + " full=" + tf(q.full()));
      }
      q.put(std::nullopt);
    });
    auto consumer = [&](std::string name) {
      return [&, name] {
        for (;;) {
          auto item = q.get();
          if (!item) {
            q.task_done();
            q.put(std::nullopt);
            break;
          }
          log(name + " got " + std::to_string(*item));
          sleep(1);
          q.task_done();
        }
      };
    };
    auto c1 = create_task(consumer("c1"));
    auto c2 = create_task(consumer("c2"));
    await(p);
    q.join();
    char buf[64];
    std::snprintf(buf, sizeof buf, "joined t=%.1f unfinished=%ld", get_running_loop().time() - t0, q.unfinished_tasks());
    log(buf);
    await(gather(c1, c2));
    q.get_nowait();
    try {
      q.get_nowait();
    } catch (const QueueEmpty& e) {
      log("QueueEmpty " + describe_exception(std::current_exception()).repr);
    }
    q.put_nowait(1);
    q.put_nowait(2);
    try {
      q.put_nowait(3);
    } catch (const QueueFull& e) {
      log("QueueFull " + describe_exception(std::current_exception()).repr);
    }
    q.task_done();
    q.task_done();
    q.task_done();
    try {
      q.task_done();
    } catch (const ValueError& e) {
      log(std::string("ValueError: ") + e.what());
    }
    PriorityQueue<int> pq;
    for (int x : {5, 1, 4, 2, 3}) pq.put_nowait(x);
    std::string s = "pq";
    for (int i = 0; i < 5; ++i) s += " " + std::to_string(pq.get_nowait());
    log(s);
    LifoQueue<int> lq;
    for (int x : {1, 2, 3}) lq.put_nowait(x);
    s = "lq";
    for (int i = 0; i < 3; ++i) s += " " + std::to_string(lq.get_nowait());
    log(s);

    Queue<std::string> e;
    auto g = [&](std::string name) {
      return [&, name] { log(name + " got " + e.get()); };
    };
    auto g1 = create_task(g("g1"));
    auto g2 = create_task(g("g2"));
    sleep(0);
    e.put_nowait("x");
    g1.cancel();
    await(gather_outcomes(std::vector<Future<void>>{g1, g2}));
    log("g1 cancelled=" + tf(g1.cancelled()) + " empty=" + tf(e.empty()));
  });
  CHECK(join(log.lines) ==
        "put 0 qsize=1 full=False\nput 1 qsize=2 full=True\nc1 got 0\nc2 got 1\nput 2 qsize=1 full=False\n"
        "put 3 qsize=2 full=True\nc1 got 2\nc2 got 3\nput 4 qsize=1 full=False\nc1 got 4\n"
        "joined t=3.0 unfinished=1\nQueueEmpty QueueEmpty()\nQueueFull QueueFull()\n"
        "ValueError: task_done() called too many times\npq 1 2 3 4 5\nlq 3 2 1\ng2 got x\ng1 cancelled=True empty=True\n");
}

TEST_CASE("Queue: getters, putters and join are traced as Queue#N.get / .put / .join") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  std::string name;
  v.loop.run_until_complete([&] {
    Queue<int> q(1);
    name = q.trace_name();
    auto getter = create_task([&] { q.get(); q.task_done(); });
    sleep(0);
    q.put_nowait(1);
    q.put(2);  // full until the getter takes 1
    auto joiner = create_task([&] { q.join(); });
    sleep(0);
    q.get_nowait();
    q.task_done();
    await(gather(getter, joiner));
  });
  std::vector<std::string> labels;
  for (auto& r : v.loop.trace().records()) {
    if (r.kind == TraceKind::Wait && static_cast<WaitKind>(r.detail) == WaitKind::Queue)
      labels.push_back(v.loop.trace().string(static_cast<std::uint32_t>(r.arg)));
  }
  CHECK(labels == std::vector<std::string>{name + ".get", name + ".put", name + ".join"});
}

}  // namespace
}  // namespace loopscope
