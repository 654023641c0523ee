#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::Log;
using testing::VirtualLoop;

TEST_CASE("loop: call_soon callbacks run in order, one iteration at a time") {
  VirtualLoop v;
  Log log;
  v.loop.call_soon([&] {
    log("a");
    v.loop.call_soon([&] { log("c (scheduled by a: next iteration)"); });
  });
  v.loop.call_soon([&] { log("b"); });
  v.loop.run_once();
  CHECK(log.lines == std::vector<std::string>{"a", "b"});
  v.loop.run_once();
  CHECK(log.lines.back() == "c (scheduled by a: next iteration)");
  CHECK(v.loop.iteration() == 2);
}

TEST_CASE("loop: timers fire by deadline, equal deadlines in scheduling order") {
  VirtualLoop v;
  Log log;
  v.loop.call_later(0.3, [&] { log("0.3"); });
  v.loop.call_later(0.1, [&] { log("0.1 first"); });
  v.loop.call_later(0.2, [&] { log("0.2"); });
  v.loop.call_later(0.1, [&] { log("0.1 second"); });
  v.loop.call_at(0.1, [&] { log("0.1 third (call_at)"); });
  v.loop.call_later(0.4, [&] { v.loop.stop(); });
  v.loop.run_forever();
  CHECK(log.lines == std::vector<std::string>{"0.1 first", "0.1 second", "0.1 third (call_at)", "0.2", "0.3"});
  CHECK(v.loop.time() == doctest::Approx(0.4));
}

TEST_CASE("loop: the virtual clock stands still while callbacks are ready and jumps when idle") {
  VirtualLoop v;
  std::vector<double> seen;
  v.loop.call_soon([&] { seen.push_back(v.loop.time()); });
  v.loop.call_later(5.0, [&] {
    seen.push_back(v.loop.time());
    v.loop.stop();
  });
  v.loop.run_forever();
  CHECK(seen == std::vector<double>{0.0, 5.0});
}

TEST_CASE("loop: cancelled handles do not run; cancelled timers are dropped") {
  VirtualLoop v;
  Log log;
  Handle soon = v.loop.call_soon([&] { log("soon"); });
  Handle later = v.loop.call_later(1, [&] { log("later"); });
  v.loop.call_later(2, [&] { v.loop.stop(); });
  soon.cancel();
  later.cancel();
  CHECK(soon.cancelled());
  v.loop.run_forever();
  CHECK(log.lines.empty());
  CHECK(v.loop.timer_count() == 0);
}

TEST_CASE("loop: many cancelled timers make the heap rebuild instead of growing") {
  VirtualLoop v;
  std::vector<Handle> handles;
  for (int i = 0; i < 300; ++i) handles.push_back(v.loop.call_later(100 + i, [] {}));
  for (int i = 0; i < 200; ++i) handles[i + 50].cancel();
  v.loop.call_soon([] {});
  v.loop.run_once();
  CHECK(v.loop.timer_count() == 100);
}

TEST_CASE("loop: stop() lets the current iteration finish, as asyncio does") {
  VirtualLoop v;
  Log log;
  v.loop.call_soon([&] {
    log("first");
    v.loop.stop();
  });
  v.loop.call_soon([&] { log("same iteration"); });
  v.loop.call_soon([&] { v.loop.call_soon([&] { log("next iteration"); }); });
  v.loop.run_forever();
  CHECK(log.lines == std::vector<std::string>{"first", "same iteration"});
  CHECK_FALSE(v.loop.is_running());
  v.loop.stop();
  v.loop.run_forever();  // stop() before run: exactly one iteration runs
  CHECK(log.lines.back() == "next iteration");
}

TEST_CASE("loop: asyncio's error messages") {
  VirtualLoop v;
  std::string message;
  v.loop.call_soon([&] {
    try {
      v.loop.run_forever();
    } catch (const RuntimeError& e) {
      message = e.what();
    }
    v.loop.stop();
  });
  v.loop.run_forever();
  CHECK(message == "This event loop is already running");

  v.loop.call_soon([&] {
    try {
      run([] {});
    } catch (const RuntimeError& e) {
      message = e.what();
    }
    v.loop.stop();
  });
  v.loop.run_forever();
  CHECK(message == "asyncio.run() cannot be called from a running event loop");

  CHECK(v.loop.is_running() == false);
  v.loop.close();
  CHECK(v.loop.is_closed());
  CHECK_THROWS_WITH_AS(v.loop.call_soon([] {}), "Event loop is closed", RuntimeError);
  CHECK_THROWS_WITH_AS(v.loop.run_forever(), "Event loop is closed", RuntimeError);
  CHECK_THROWS_WITH_AS(Loop::get_running(), "no running event loop", RuntimeError);
}

TEST_CASE("loop: another loop cannot run inside a running one") {
  VirtualLoop outer;
  VirtualLoop inner;
  std::string message;
  outer.loop.call_soon([&] {
    try {
      inner.loop.run_once();
    } catch (const RuntimeError& e) {
      message = e.what();
    }
    outer.loop.stop();
  });
  outer.loop.run_forever();
  CHECK(message == "Cannot run the event loop while another loop is running");
}

TEST_CASE("loop: an exception in a callback goes to the exception handler and the loop goes on") {
  VirtualLoop v;
  Log log;
  v.loop.call_soon([] { throw ValueError("bad callback"); });
  v.loop.call_soon([&] {
    log("still running");
    v.loop.stop();
  });
  v.loop.run_forever();
  CHECK(log.lines == std::vector<std::string>{"still running"});
  CHECK(v.errors == "Exception in callback\nValueError: bad callback\n");
}

TEST_CASE("loop: a run that can never make progress is reported instead of hanging") {
  VirtualLoop v;
  auto never = v.loop.create_future<int>();
  CHECK_THROWS_WITH_AS(v.loop.run_until_complete(never),
                       doctest::Contains("the event loop can never wake up again"), RuntimeError);
}

TEST_CASE("loop: the real clock waits for real time, and call_soon_threadsafe wakes it early") {
  Loop loop;
  auto start = std::chrono::steady_clock::now();
  double fired_at = -1;
  loop.call_later(0.05, [&] {
    fired_at = loop.time();
    loop.stop();
  });
  loop.run_forever();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(fired_at >= 0.05);
  CHECK(elapsed >= 0.05);
#if !defined(__EMSCRIPTEN__)  // no threads in the wasm build: outside work comes from the host

  bool woke = false;
  loop.begin_external_work();
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    loop.call_soon_threadsafe([&] {
      woke = true;
      loop.end_external_work();
      loop.stop();
    });
  });
  loop.call_later(30, [&] { loop.stop(); });  // would end the run much later
  start = std::chrono::steady_clock::now();
  loop.run_forever();
  other.join();
  CHECK(woke);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
#endif
}

TEST_CASE("loop: a real clock at 10x speed runs a 1 s timer in about 0.1 s") {
  LoopOptions options;
  options.speed = 10.0;
  Loop loop(options);
  auto start = std::chrono::steady_clock::now();
  loop.call_later(1.0, [&] { loop.stop(); });
  loop.run_forever();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(loop.time() >= 1.0);
  CHECK(elapsed >= 0.09);
  CHECK(elapsed < 0.9);
}

}  // namespace
}  // namespace loopscope
