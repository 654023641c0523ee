// The test runner shared by the native and the WebAssembly builds of the engine's tests.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  int failed = context.run();
  // Under Asyncify, main's return value can be lost once fibers have unwound the stack:
  // exit() explicitly so a failing run never looks green.
  std::exit(failed ? 1 : 0);
}
