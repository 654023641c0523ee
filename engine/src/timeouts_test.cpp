#include <doctest/doctest.h>

#include <cstdio>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::join;
using testing::Log;
using testing::VirtualLoop;

// Python twin (the loop clock starts at 0 here, so `when` prints small numbers):
//   try:
//       async with asyncio.timeout(1) as cm: log(repr(cm)); await asyncio.sleep(5)
//   except TimeoutError as e: log(f"TimeoutError {e!r} expired={cm.expired()} t={T()} {cm!r}")
//   async with asyncio.timeout(2) as cm: await asyncio.sleep(1)
//   log(f"no timeout expired={cm.expired()} {cm!r}")
//   async with asyncio.timeout(1) as cm: cm.reschedule(loop.time() + 3); await asyncio.sleep(5)  -> at 5.0
//   cm.reschedule(None) -> RuntimeError("Cannot change state of expired Timeout")
//   nested: timeout(5) around [timeout(1) around sleep(10)] then sleep(10): inner fires at 6, outer at 10
//   a task inside timeout(10) cancelled from outside ends cancelled, not with TimeoutError
//   timeout_at(loop.time() - 1) fires at once; timeout(None) never fires
TEST_CASE("timeout, timeout_at: expiry, reschedule, nesting, outside cancellation (3.11 cancelling/uncancel)") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    Loop& loop = get_running_loop();
    double t0 = loop.time();
    auto T = [&] { return testing::elapsed_since(loop, t0); };
    Timeout* seen = nullptr;
    try {
      timeout(1.0, [&](Timeout& cm) {
        seen = &cm;
        log(cm.repr());
        sleep(5);
      });
    } catch (const TimeoutError&) {
      log("TimeoutError " + describe_exception(std::current_exception()).repr + " t=" + T());
    }
    std::string r = timeout(2.0, [&](Timeout& cm) {
      sleep(1);
      return cm.repr();
    });
    log("no timeout inside " + r);
    try {
      timeout(1.0, [&](Timeout& cm) {
        cm.reschedule(loop.time() + 3);
        sleep(5);
      });
    } catch (const TimeoutError&) {
      log("rescheduled t=" + T());
    }
    {
      Timeout cm(loop.time() + 1);
      cm.enter();
      cm.exit(nullptr);
      try {
        cm.reschedule(std::nullopt);
      } catch (const RuntimeError& e) {
        log(std::string("RuntimeError: ") + e.what());
      }
    }
    try {
      timeout(5.0, [&] {
        try {
          timeout(1.0, [&] { sleep(10); });
        } catch (const TimeoutError&) {
          log("inner TimeoutError t=" + T() + " cancelling=" + std::to_string(current_task()->cancelling()));
        }
        sleep(10);
      });
    } catch (const TimeoutError&) {
      log("outer TimeoutError t=" + T());
    }
    auto victim = create_task([&] {
      try {
        timeout(10.0, [&] { sleep(5); });
      } catch (const TimeoutError&) {
        log("wrong");
      }
    });
    sleep(1);
    victim.cancel();
    try {
      await(victim);
    } catch (const CancelledError&) {
      log("victim cancelled t=" + T());
    }
    try {
      timeout_at(loop.time() - 1, [&] { sleep(1); });
    } catch (const TimeoutError&) {
      log("timeout_at past t=" + T());
    }
    timeout(std::nullopt, [&](Timeout& cm) {
      log(cm.repr());
      sleep(0.5);
    });
    log("none t=" + T());
    (void)seen;
  });
  CHECK(join(log.lines) ==
        "<Timeout [active] when=1.0>\nTimeoutError TimeoutError() t=1.0\n"
        "no timeout inside <Timeout [active] when=3.0>\nrescheduled t=5.0\n"
        "RuntimeError: Cannot change state of finished Timeout\n"
        "inner TimeoutError t=6.0 cancelling=0\nouter TimeoutError t=10.0\nvictim cancelled t=11.0\n"
        "timeout_at past t=11.0\n<Timeout [active] when=None>\nnone t=11.5\n");
}

TEST_CASE("Timeout: states and expired() after the scope") {
  VirtualLoop v;
  v.loop.run_until_complete([&] {
    Timeout cm(get_running_loop().time() + 1);
    CHECK(cm.repr() == "<Timeout [created]>");
    cm.enter();
    std::exception_ptr error;
    try {
      sleep(2);
    } catch (...) {
      error = std::current_exception();
    }
    CHECK(cm.expired());
    CHECK(cm.state() == Timeout::State::Expiring);
    CHECK_THROWS_AS(cm.exit(error), TimeoutError);
    CHECK(cm.repr() == "<Timeout [expired]>");
    CHECK(current_task()->cancelling() == 0);
  });
}

}  // namespace
}  // namespace loopscope
