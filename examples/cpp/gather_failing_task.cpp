// Python twin: examples/gather_failing_task.py
//   async def faulty_task():
//       raise Exception("Oops!")
//   async def main():
//       try:
//           await asyncio.gather(task(), faulty_task())
//       except Exception as e:
//           print(f"Caught an exception: {e}")
#include <stdexcept>

#include "example.hpp"

LOOPSCOPE_EXAMPLE(gather_failing_task, "A failing task's exception reaches the caller of gather") {
  using namespace loopscope;
  auto task = [] {
    print("Task started");
    sleep(2);
    print("Task completed");
  };
  auto faulty_task = [] { throw std::runtime_error("Oops!"); };
  run(
      [&] {
        try {
          await(gather(task, faulty_task));
        } catch (const std::exception& e) {
          print("Caught an exception:", e.what());
        }
      },
      options);
}
