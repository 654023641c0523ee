// A task's exception that nobody catches ends the program: asyncio.run re-raises it, the runner
// prints it on stderr and exits with status 1.
#include "example.hpp"

LOOPSCOPE_EXAMPLE(uncaught_error, "An exception nobody catches ends the program with status 1") {
  using namespace loopscope;
  run(
      [] {
        print("about to fail");
        sleep(0.1);
        throw ValueError("something went wrong");
      },
      options);
}
