// Python twin: examples/hello_world.py
//   async def main():
//       print("Hello")
//       await asyncio.sleep(1)
//       print("World")
//   asyncio.run(main())
#include "example.hpp"

LOOPSCOPE_EXAMPLE(hello_world, "Hello, a one-second sleep, World") {
  using namespace loopscope;
  run(
      [] {
        print("Hello");
        sleep(1);
        print("World");
      },
      options);
}
