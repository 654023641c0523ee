// Python twin: examples/countdowns.py
//   async def countdown(name, n):
//       while n > 0:
//           print(f"{name}: {n}")
//           await asyncio.sleep(1)
//           n -= 1
//       print(f"{name}: liftoff!")
//   async def main():
//       a = asyncio.create_task(countdown("A", 3))
//       b = asyncio.create_task(countdown("B", 2))
//       await a
//       await b
#include <string>

#include "example.hpp"

LOOPSCOPE_EXAMPLE(countdowns, "Two countdowns started with create_task run side by side") {
  using namespace loopscope;
  auto countdown = [](std::string name, int n) {
    return [name, n]() mutable {
      while (n > 0) {
        print(name + ":", n);
        sleep(1);
        n -= 1;
      }
      print(name + ": liftoff!");
    };
  };
  run(
      [&] {
        auto a = create_task(countdown("A", 3));
        auto b = create_task(countdown("B", 2));
        await(a);
        await(b);
      },
      options);
}
