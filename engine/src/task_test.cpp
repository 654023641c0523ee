#include <doctest/doctest.h>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

// The same scenario in Python (python3 prints exactly these lines):
//   async def worker(name, n):
//       for i in range(n): log.append(f"{name}{i}"); await asyncio.sleep(0)
//       return name
//   async def waiter(t): log.append("waiter start"); r = await t; log.append(f"waiter got {r}")
//   async def main():
//       t1 = create_task(worker("a", 3)); t2 = create_task(worker("b", 2)); w = create_task(waiter(t2))
//       log.append("main before"); await asyncio.sleep(0); log.append("main after"); await t1
//       log.append("main done"); f = loop.create_future()
//       f.add_done_callback(lambda f: log.append("cb1")); f.add_done_callback(lambda f: log.append("cb2"))
//       f.set_result(5); log.append("set"); await asyncio.sleep(0); log.append("after sleep0")
TEST_CASE("task: interleaving of tasks, awaits and done callbacks matches asyncio") {
  VirtualLoop v;
  Log log;
  auto worker = [&](std::string name, int n) {
    return [&log, name, n] {
      for (int i = 0; i < n; ++i) {
        log(name + std::to_string(i));
        sleep(0);
      }
      return name;
    };
  };
  v.loop.run_until_complete([&] {
    auto t1 = create_task(worker("a", 3));
    auto t2 = create_task(worker("b", 2));
    auto w = create_task([&log, t2] {
      log("waiter start");
      std::string r = await(t2);
      log("waiter got " + r);
    });
    log("main before");
    sleep(0);
    log("main after");
    await(t1);
    log("main done");
    auto f = get_running_loop().create_future<int>();
    f.add_done_callback([&](FutureState&) { log("cb1"); });
    f.add_done_callback([&](FutureState&) { log("cb2"); });
    f.set_result(5);
    log("set");
    sleep(0);
    log("after sleep0");
  });
  CHECK(join(log.lines) ==
        "main before\na0\nb0\nwaiter start\nmain after\na1\nb1\na2\nwaiter got b\nmain done\nset\ncb1\ncb2\nafter sleep0\n");
}

TEST_CASE("task: a new task starts at the next iteration, not inline") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    auto t = create_task([&] { log("child"); });
    log("created");
    CHECK_FALSE(t.done());
    sleep(0);
    log("after yield");
    CHECK(t.done());
  });
  CHECK(log.lines == std::vector<std::string>{"created", "child", "after yield"});
}

TEST_CASE("task: default names, current_task, all_tasks") {
  VirtualLoop v;
  std::vector<std::string> names;
  v.loop.run_until_complete([&] {
    names.push_back(current_task()->name());
    auto a = create_task([] { sleep(1); });
    TaskOptions named;
    named.name = "worker";
    auto b = create_task([] { sleep(1); }, named);
    auto c = create_task([] { return 3; });
    for (auto& t : all_tasks()) names.push_back(t->name());
    CHECK(static_cast<bool>(current_task()));
    await(a);
  });
  CHECK(names == std::vector<std::string>{"Task-1", "Task-1", "Task-2", "worker", "Task-3"});
}

TEST_CASE("task: results and exceptions propagate to whoever awaits") {
  VirtualLoop v;
  std::string caught;
  int value = v.loop.run_until_complete([&] {
    auto ok = create_task([] {
      sleep(0.5);
      return 20;
    });
    auto bad = create_task([]() -> int {
      sleep(0.1);
      throw ValueError("boom");
    });
    try {
      await(bad);
    } catch (const ValueError& e) {
      caught = e.what();
    }
    return await(ok) + 1;
  });
  CHECK(value == 21);
  CHECK(caught == "boom");
  CHECK(v.errors.empty());  // the exception was retrieved
  CHECK(v.loop.time() == doctest::Approx(0.5));
}

TEST_CASE("task: awaiting a done future returns at once without yielding") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    auto other = create_task([&] { log("other ran"); });
    auto f = get_running_loop().create_future<int>();
    f.set_result(7);
    CHECK(await(f) == 7);
    log("main did not yield");
    await(other);
  });
  CHECK(log.lines == std::vector<std::string>{"main did not yield", "other ran"});
}

TEST_CASE("task: sleeps wake in deadline order and the clock reads the deadline") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    std::vector<Task<void>> tasks;
    for (double d : {0.3, 0.1, 0.2, 0.1}) {
      tasks.push_back(create_task([&log, d] {
        sleep(d);
        log(std::to_string(static_cast<int>(d * 10)) + "@" + std::to_string(static_cast<int>(get_running_loop().time() * 10 + 0.5)));
      }));
    }
    for (auto& t : tasks) await(t);
  });
  CHECK(log.lines == std::vector<std::string>{"1@1", "1@1", "2@2", "3@3"});
}

TEST_CASE("task: 'Task exception was never retrieved' when a failed task is dropped") {
  VirtualLoop v;
  v.loop.run_until_complete([&] {
    create_task([]() { throw ValueError("nobody looks"); });
    sleep(0);
    sleep(0);
  });
  CHECK(v.errors ==
        "Task exception was never retrieved\n"
        "future: <Task finished name='Task-2' coro=<coroutine done> exception=ValueError('nobody looks')>\n"
        "ValueError: nobody looks\n");
}

TEST_CASE("task: 'Task was destroyed but it is pending!' and its cleanup runs") {
  std::string errors;
  bool cleaned_up = false;
  {
    LoopOptions o;
    o.clock = LoopOptions::ClockKind::Virtual;
    Loop loop(o);
    detail::reset_task_counter();
    loop.set_error_output([&](const std::string& t) { errors += t; });
    auto stuck = loop.create_task([&] {
      struct Cleanup {
        bool& flag;
        ~Cleanup() { flag = true; }
      } cleanup{cleaned_up};
      sleep(3600);
    });
    loop.run_until_complete([] { sleep(1); });
    CHECK_FALSE(cleaned_up);
  }
  CHECK(cleaned_up);
  CHECK(errors.find("Task was destroyed but it is pending!\ntask: <Task pending name='Task-1' coro=<coroutine running> "
                    "wait_for=<Future pending cb=[Task.task_wakeup()]>>\n") == 0);
}

TEST_CASE("task: a task cannot await itself; await outside a task is an error") {
  VirtualLoop v;
  std::string message;
  v.loop.run_until_complete([&] {
    try {
      auto me = current_task();
      Future<void> self(me.shared_state(), nullptr);
      await(self);
    } catch (const RuntimeError& e) {
      message = e.what();
    }
  });
  CHECK(message.find("Task cannot await on itself: <Task pending name='Task-1'") == 0);
  auto f = v.loop.create_future<void>();
  CHECK_THROWS_AS(await(f), RuntimeError);
}

TEST_CASE("task: run() returns main's result and cancels what is left") {
  detail::reset_task_counter();
  Log log;
  LoopOptions o;
  o.clock = LoopOptions::ClockKind::Virtual;
  int result = run(
      [&] {
        create_task([&] {
          try {
            sleep(100);
          } catch (const CancelledError&) {
            log("leftover cancelled at shutdown");
            throw;
          }
        });
        sleep(0);
        return 42;
      },
      o);
  CHECK(result == 42);
  CHECK(log.lines == std::vector<std::string>{"leftover cancelled at shutdown"});
  CHECK(Loop::running() == nullptr);
}

}  // namespace
}  // namespace loopscope
