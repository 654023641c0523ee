// Python twin: examples/cancellation.py
//   async def cancellable_task():
//       try:
//           print("Task started")
//           await asyncio.sleep(10)
//           print("Task finished")
//       except asyncio.CancelledError:
//           print("Task was cancelled")
//           raise
//   async def main():
//       task = asyncio.create_task(cancellable_task())
//       await asyncio.sleep(1)
//       task.cancel()
//       try:
//           await task
//       except asyncio.CancelledError:
//           print("Main caught task cancellation")
#include "example.hpp"

LOOPSCOPE_EXAMPLE(cancellation, "Cancel a sleeping task; it cleans up and re-raises") {
  using namespace loopscope;
  auto cancellable_task = [] {
    try {
      print("Task started");
      sleep(10);
      print("Task finished");
    } catch (const CancelledError&) {
      print("Task was cancelled");
      throw;
    }
  };
  run(
      [&] {
        auto task = create_task(cancellable_task);
        sleep(1);
        task.cancel();
        try {
          await(task);
        } catch (const CancelledError&) {
          print("Main caught task cancellation");
        }
      },
      options);
}
