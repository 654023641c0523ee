// The test runner shared by the native and the WebAssembly builds of the engine's tests.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
