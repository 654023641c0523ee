#include <doctest/doctest.h>

#include <mutex>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

using testing::tf;

// Python twin:
//   cond = Condition()
//   async def cw():
//       async with cond:
//           try: await cond.wait()
//           except CancelledError: log(f"cw cancelled, holds lock={cond.locked()}"); raise
//   async def holder():
//       async with cond: await sleep(1); log("holder releases")
//   t = create_task(cw()); await sleep(0); h = create_task(holder()); await sleep(0.5); t.cancel()
//   await gather(t, h, return_exceptions=True); log(f"t cancelled={t.cancelled()} locked={cond.locked()}")
//   sem = Semaphore(0); a, b wait on acquire; sleep(0); sem.release(); a.cancel()   -> b gets it
//   q = Queue(1); q.put_nowait(0); p1 puts 1, p2 puts 2; sleep(0); get_nowait(); p1.cancel() -> p2 puts
//   lock held; a waiter is cancelled; release; acquire takes the fast path
TEST_CASE("cancellation inside primitives: Condition re-acquires first, Semaphore and Queue pass the wake-up on") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    Condition cond;
    auto t = create_task([&] {
      std::lock_guard<Condition> guard(cond);
      try {
        cond.wait();
      } catch (const CancelledError&) {
        log("cw cancelled, holds lock=" + tf(cond.locked()));
        throw;
      }
    });
    sleep(0);
    auto h = create_task([&] {
      std::lock_guard<Condition> guard(cond);
      sleep(1);
      log("holder releases");
    });
    sleep(0.5);
    t.cancel();
    await(gather_outcomes(std::vector<Future<void>>{t, h}));
    log("t cancelled=" + tf(t.cancelled()) + " locked=" + tf(cond.locked()));

    Semaphore sem(0);
    auto sw = [&](std::string name) {
      return [&, name] {
        sem.acquire();
        log(name + " acquired");
      };
    };
    auto a = create_task(sw("a"));
    auto b = create_task(sw("b"));
    sleep(0);
    sem.release();
    a.cancel();
    await(gather_outcomes(std::vector<Future<void>>{a, b}));
    log("a cancelled=" + tf(a.cancelled()) + " value=" + std::to_string(sem.value()));

    Queue<int> q(1);
    q.put_nowait(0);
    auto pw = [&](std::string name, int value) {
      return [&, name, value] {
        q.put(value);
        log(name + " put " + std::to_string(value));
      };
    };
    auto p1 = create_task(pw("p1", 1));
    auto p2 = create_task(pw("p2", 2));
    sleep(0);
    log("got " + std::to_string(q.get_nowait()));
    p1.cancel();
    await(gather_outcomes(std::vector<Future<void>>{p1, p2}));
    log("p1 cancelled=" + tf(p1.cancelled()) + " items=[" + std::to_string(q.items().front()) + "]");

    Lock lock;
    lock.acquire();
    auto w = create_task([&] { lock.acquire(); });
    sleep(0);
    w.cancel();
    sleep(0);
    lock.release();
    bool got = lock.acquire();
    log("fast path after cancelled waiter: " + tf(got) + " locked=" + tf(lock.locked()));
  });
  CHECK(join(log.lines) ==
        "holder releases\ncw cancelled, holds lock=True\nt cancelled=True locked=False\n"
        "b acquired\na cancelled=True value=0\ngot 0\np2 put 2\np1 cancelled=True items=[2]\n"
        "fast path after cancelled waiter: True locked=True\n");
}

}  // namespace
}  // namespace loopscope
