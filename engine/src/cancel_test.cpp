#include <doctest/doctest.h>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

std::string args_of(const CancelledError& e) { return e.has_message() ? "('" + e.message() + "',)" : "()"; }

// Python twin (python3 prints these lines): see the comments beside each step.
TEST_CASE("cancel: CancelledError at the suspension point, cleanup, cancelling/uncancel, never-started tasks") {
  VirtualLoop v;
  Log log;
  auto sleeper = [&log](std::string name, double d) {
    return [&log, name, d] {
      struct Finally {
        Log& log;
        std::string name;
        ~Finally() { log(name + " finally"); }
      } fin{log, name};
      try {
        log(name + " sleeping");
        sleep(d);
        log(name + " woke");
      } catch (const CancelledError& e) {
        log(name + " cancelled " + args_of(e));
        throw;
      }
    };
  };
  v.loop.run_until_complete([&] {
    double t0 = get_running_loop().time();
    auto t = create_task(sleeper("s", 10));
    sleep(1);
    bool r = t.cancel("stop it");
    log("cancel -> " + std::string(r ? "True" : "False") + ", cancelling=" + std::to_string(t.cancelling()));
    r = t.cancel();
    log("cancel again -> " + std::string(r ? "True" : "False") + ", cancelling=" + std::to_string(t.cancelling()));
    try {
      await(t);
    } catch (const CancelledError& e) {
      log("main caught " + args_of(e) + " cancelled=" + (t.cancelled() ? "True" : "False"));
    }
    log(std::string("cancel done -> ") + (t.cancel() ? "True" : "False"));
    auto n = create_task([&] { log("BODY RAN"); });
    n.cancel();
    try {
      await(n);
    } catch (const CancelledError& e) {
      log("never started: cancelled=" + std::string(n.cancelled() ? "True" : "False") + " args=" + args_of(e));
    }
    auto u = create_task(sleeper("u", 1));
    sleep(0);
    u.cancel();
    log("uncancel -> " + std::to_string(u.uncancel()));
    sleep(2);
    log("u done=" + std::string(u.done() ? "True" : "False") + " cancelled=" + (u.cancelled() ? "True" : "False"));
    char buf[32];
    std::snprintf(buf, sizeof buf, "time %.1f", get_running_loop().time() - t0);
    log(buf);
  });
  CHECK(join(log.lines) ==
        "s sleeping\n"
        "cancel -> True, cancelling=1\n"
        "cancel again -> True, cancelling=2\n"
        "s cancelled ('stop it',)\n"
        "s finally\n"
        "main caught ('stop it',) cancelled=True\n"
        "cancel done -> False\n"
        "never started: cancelled=True args=()\n"
        "u sleeping\n"
        "uncancel -> 0\n"
        "u cancelled ()\n"
        "u finally\n"
        "u done=True cancelled=True\n"
        "time 3.0\n");
}

TEST_CASE("cancel: a task may catch CancelledError and go on") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    auto t = create_task([&] {
      try {
        sleep(10);
      } catch (const CancelledError&) {
        log("ignored the cancellation");
      }
      sleep(1);
      return 5;
    });
    sleep(1);
    t.cancel();
    CHECK(await(t) == 5);
    CHECK_FALSE(t.cancelled());
    CHECK(t.cancelling() == 1);  // asyncio keeps the count until uncancel()
  });
  CHECK(log.lines == std::vector<std::string>{"ignored the cancellation"});
  CHECK(v.loop.time() == doctest::Approx(2.0));
}

TEST_CASE("cancel: a ready task is cancelled at its next step; a running task can cancel itself") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    auto t = create_task([&] {
      log("step 1");
      sleep(0);
      log("step 2 (must not run)");
    });
    sleep(0);  // t ran step 1 and is ready again
    t.cancel("later");
    try {
      await(t);
    } catch (const CancelledError& e) {
      log("got " + e.message());
    }
    auto self_cancel = create_task([&] {
      current_task()->cancel("by myself");
      log("still running after cancel()");
      sleep(5);  // what the task now awaits is cancelled at once
      log("not reached");
    });
    try {
      await(self_cancel);
    } catch (const CancelledError& e) {
      log("self: " + e.message());
    }
  });
  CHECK(log.lines == std::vector<std::string>{"step 1", "got later", "still running after cancel()", "self: by myself"});
  CHECK(v.loop.time() == 0.0);
}

TEST_CASE("cancel: cancelling a task that awaits another task cancels the inner one too") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    auto inner = create_task([&] {
      try {
        sleep(10);
      } catch (const CancelledError&) {
        log("inner cancelled");
        throw;
      }
    });
    auto outer = create_task([&] {
      try {
        await(inner);
      } catch (const CancelledError&) {
        log("outer cancelled");
        throw;
      }
    });
    sleep(1);
    outer.cancel();
    try {
      await(outer);
    } catch (const CancelledError&) {
      log("main saw outer cancelled");
    }
    CHECK(inner.cancelled());
  });
  CHECK(log.lines == std::vector<std::string>{"inner cancelled", "outer cancelled", "main saw outer cancelled"});
}

TEST_CASE("cancel: a cancelled future wakes its waiter with CancelledError") {
  VirtualLoop v;
  std::string got;
  v.loop.run_until_complete([&] {
    auto f = get_running_loop().create_future<int>();
    get_running_loop().call_later(1, [f] { f.cancel("no value for you"); });
    try {
      await(f);
    } catch (const CancelledError& e) {
      got = e.message();
    }
  });
  CHECK(got == "no value for you");
}

TEST_CASE("cancel: CancelledError is not a std::exception, so generic handlers do not swallow it") {
  VirtualLoop v;
  bool generic_caught = false;
  v.loop.run_until_complete([&] {
    auto t = create_task([&] {
      try {
        sleep(10);
      } catch (const std::exception&) {
        generic_caught = true;
      }
    });
    sleep(1);
    t.cancel();
    try {
      await(t);
    } catch (const CancelledError&) {
    }
  });
  CHECK_FALSE(generic_caught);
}

}  // namespace
}  // namespace loopscope
