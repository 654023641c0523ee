// The C++ examples: the tutorials' asyncio programs written against Loopscope's C++ API.
// Each file registers itself by name; the native runner (runner.cpp) and the WebAssembly
// module run them by that name. Every example has a Python twin in examples/ that prints the
// same lines (a test checks it against python3).
#pragma once

#include <string>
#include <vector>

#include "loopscope/loopscope.hpp"

namespace loopscope::examples {

struct Example {
  const char* name;    // hello_world
  const char* title;   // one line for `list` and the gallery
  const char* file;    // source file, relative to examples/cpp
  void (*run)(const LoopOptions& options);
};

const std::vector<Example>& all();
const Example* find(const std::string& name);

// Command-line style arguments for the example being run (a URL to fetch, ...).
void set_arguments(std::vector<std::string> args);
const std::vector<std::string>& arguments();

struct Registration {
  Registration(Example example);
};

}  // namespace loopscope::examples

// LOOPSCOPE_EXAMPLE(hello_world, "title") { ...body using `options`... }
#define LOOPSCOPE_EXAMPLE(id, title)                                                          \
  static void id##_run(const ::loopscope::LoopOptions& options);                              \
  static ::loopscope::examples::Registration id##_registration({#id, title, #id ".cpp", &id##_run}); \
  static void id##_run(const ::loopscope::LoopOptions& options)
