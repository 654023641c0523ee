// Python twin: examples/gather_two_tasks.py
//   async def task():
//       print("Task started")
//       await asyncio.sleep(2)
//       print("Task completed")
//   async def main():
//       await asyncio.gather(task(), task())
#include "example.hpp"

LOOPSCOPE_EXAMPLE(gather_two_tasks, "Two tasks run concurrently under gather") {
  using namespace loopscope;
  auto task = [] {
    print("Task started");
    sleep(2);
    print("Task completed");
  };
  run([&] { await(gather(task, task)); }, options);
}
