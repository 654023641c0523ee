#include <doctest/doctest.h>

#include "test_support.hpp"

namespace loopscope {
namespace {
using testing::VirtualLoop;

// Python twin:
//   async def main():
//       time.sleep(2)              # blocks the loop
//       await asyncio.sleep(0)
//   asyncio.run(main(), debug=True)
// stderr: "Executing <Task pending name='Task-1' coro=<main() running at ...>> took 2.000 seconds"
TEST_CASE("debug mode: a step that held the loop too long is reported as asyncio does, and traced") {
  VirtualLoop v;
  v.loop.set_debug(true);
  v.loop.trace().set_enabled(true);
  v.loop.run_until_complete([&] {
    get_running_loop().block_for(seconds_to_nanos(2));
    sleep(0);
    get_running_loop().block_for(seconds_to_nanos(0.05));  // under slow_callback_duration: quiet
    sleep(0);
  });
  // (asyncio shows run_until_complete's callback as cb=[_run_until_complete_cb() at ...])
  CHECK(v.errors == "Executing <Task pending name='Task-1' coro=<coroutine running> cb=[<callback>]> took 2.000 seconds\n");
  int warnings = 0, blocks = 0;
  for (auto& r : v.loop.trace().records()) {
    if (r.kind == TraceKind::Warning) {
      ++warnings;
      CHECK(v.loop.trace().string(static_cast<std::uint32_t>(r.arg)).rfind("Executing <Task", 0) == 0);
    }
    if (r.kind == TraceKind::BlockStart) {
      ++blocks;
      CHECK(r.task != 0);
    }
  }
  CHECK(warnings == 1);
  CHECK(blocks == 2);
  CHECK(v.loop.time() == doctest::Approx(2.05));
}

TEST_CASE("debug mode: slow_callback_duration is settable; the last step and plain callbacks count too") {
  VirtualLoop v;
  v.loop.set_debug(true);
  v.loop.set_slow_callback_duration(0.01);
  v.loop.run_until_complete([&] {
    Loop& loop = get_running_loop();
    loop.call_soon([&loop] { loop.block_for(seconds_to_nanos(0.5)); });
    sleep(0);
    sleep(0);
    loop.block_for(seconds_to_nanos(0.25));
  });
  CHECK(v.errors ==
        "Executing <Handle callback()> took 0.500 seconds\n"
        "Executing <Task finished name='Task-1' coro=<coroutine done> result=None> took 0.250 seconds\n");
}

TEST_CASE("debug mode off: no timing, no warnings") {
  VirtualLoop v;
  v.loop.run_until_complete([&] { get_running_loop().block_for(seconds_to_nanos(3)); });
  CHECK(v.errors.empty());
  CHECK(v.loop.time() == doctest::Approx(3.0));
}

}  // namespace
}  // namespace loopscope
