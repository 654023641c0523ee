#include <doctest/doctest.h>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::Log;
using testing::VirtualLoop;

TEST_CASE("http: the simulated network answers on the loop's clock, concurrently") {
  VirtualLoop v;
  Log log;
  v.loop.run_until_complete([&] {
    auto a = create_task([&] {
      auto r = fetch("https://python.org");
      log("python.org " + std::to_string(r.status) + " at " + std::to_string(static_cast<int>(get_running_loop().time() * 1000)));
    });
    auto b = create_task([&] {
      auto r = fetch("https://example.com/");
      log("example.com " + std::to_string(r.status) + " at " + std::to_string(static_cast<int>(get_running_loop().time() * 1000)));
    });
    auto c = create_task([&] {
      auto r = fetch("https://nowhere.invalid/x");
      log("nowhere " + std::to_string(r.status) + " " + r.reason);
    });
    await(gather(a, b, c));
  });
  CHECK(log.lines == std::vector<std::string>{"nowhere 404 Not Found", "example.com 200 at 250", "python.org 200 at 400"});
  CHECK(v.loop.time() == doctest::Approx(0.4));
}

TEST_CASE("http: cancelling the task aborts the request") {
  VirtualLoop v;
  bool completed = false;
  v.loop.run_until_complete([&] {
    auto t = create_task([&] {
      fetch("https://python.org");
      completed = true;
    });
    sleep(0.1);
    t.cancel();
    try {
      await(t);
    } catch (const CancelledError&) {
    }
    sleep(1);
  });
  CHECK_FALSE(completed);
  CHECK(v.loop.timer_count() == 0);
}

TEST_CASE("http: the trace shows the request as I/O the task waits on") {
  VirtualLoop v;
  v.loop.trace().set_enabled(true);
  v.loop.run_until_complete([] { fetch("https://example.com"); });
  bool io_wait = false, io_start = false, io_end = false;
  for (auto& r : v.loop.trace().records()) {
    if (r.kind == TraceKind::Wait && static_cast<WaitKind>(r.detail) == WaitKind::Io &&
        v.loop.trace().string(static_cast<std::uint32_t>(r.arg)) == "GET https://example.com")
      io_wait = true;
    io_start |= r.kind == TraceKind::IoStart;
    io_end |= r.kind == TraceKind::IoEnd;
  }
  CHECK(io_wait);
  CHECK(io_start);
  CHECK(io_end);
}

}  // namespace
}  // namespace loopscope
