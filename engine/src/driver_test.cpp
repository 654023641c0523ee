#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::Log;

LoopOptions real_clock() { return LoopOptions{}; }

TEST_CASE("driver: a program on the real clock yields to the host instead of blocking") {
  detail::reset_task_counter();
  Driver driver;
  Log log;
  driver.start([&] {
    run(
        [&] {
          log("start");
          sleep(0.05);
          log("after 50 ms");
        },
        real_clock());
    log("program end");
  });
  std::vector<SliceResult::End> ends;
  for (int i = 0; i < 1000 && !driver.finished(); ++i) {
    SliceResult r = driver.drive();
    ends.push_back(r.end);
    if (r.end == SliceResult::End::WaitTimer) {
      // The host would arm a setTimeout; here we just wait for the deadline.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  CHECK(driver.finished());
  CHECK(driver.error() == nullptr);
  CHECK(log.lines == std::vector<std::string>{"start", "after 50 ms", "program end"});
  CHECK(ends.front() == SliceResult::End::WaitTimer);
  CHECK(ends.back() == SliceResult::End::Finished);
}

TEST_CASE("driver: a step budget runs exactly one task step per drive()") {
  detail::reset_task_counter();
  Driver driver;
  Log log;
  LoopOptions o;
  o.clock = LoopOptions::ClockKind::Virtual;
  driver.start([&] {
    run(
        [&] {
          auto a = create_task([&] {
            log("a1");
            sleep(0);
            log("a2");
          });
          auto b = create_task([&] {
            log("b1");
            sleep(0);
            log("b2");
          });
          await(a);
          await(b);
          log("main end");
        },
        o);
  });
  std::vector<std::size_t> sizes;
  SliceBudget one_step;
  one_step.task_steps = 1;
  for (int i = 0; i < 50 && !driver.finished(); ++i) {
    driver.drive(one_step);
    sizes.push_back(log.lines.size());
  }
  CHECK(driver.finished());
  CHECK(log.lines == std::vector<std::string>{"a1", "b1", "a2", "b2", "main end"});
  // Steps: main(1: creates, waits) a(a1) b(b1) a(a2) b(b2) main(end): one line at most per step.
  for (std::size_t i = 1; i < sizes.size(); ++i) CHECK(sizes[i] - sizes[i - 1] <= 1);
  CHECK(sizes.size() >= 6);
}

TEST_CASE("driver: code can hand the host a turn mid-step and continue where it was") {
  Driver driver;
  int progress = 0;
  LoopOptions o;
  o.clock = LoopOptions::ClockKind::Virtual;
  driver.start([&] {
    run(
        [&] {
          for (int i = 0; i < 3; ++i) {
            ++progress;
            Driver::active()->yield_to_host();
          }
        },
        o);
  });
  driver.drive();
  CHECK(progress == 1);
  driver.drive();
  CHECK(progress == 2);
  driver.drive();
  CHECK(progress == 3);
  CHECK(driver.drive().end == SliceResult::End::Finished);
}

TEST_CASE("driver: an exception leaving the program is reported, not thrown into the host") {
  Driver driver;
  driver.start([] { throw ValueError("program failed"); });
  CHECK(driver.drive().end == SliceResult::End::Finished);
  REQUIRE(driver.error() != nullptr);
  CHECK_THROWS_WITH_AS(std::rethrow_exception(driver.error()), "program failed", ValueError);
}

}  // namespace
}  // namespace loopscope
