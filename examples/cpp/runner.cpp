// cpp-examples: runs the C++ examples natively.
//   cpp-examples list
//   cpp-examples run [--clock real|virtual] NAME
#include <cstdio>
#include <cstring>
#include <string>

#include "example.hpp"

namespace {
int usage() {
  std::fputs("usage: cpp-examples list | cpp-examples run [--clock real|virtual] NAME\n", stderr);
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace loopscope;
  if (argc >= 2 && std::strcmp(argv[1], "list") == 0) {
    for (auto& e : examples::all()) std::printf("%-22s %s\n", e.name, e.title);
    return 0;
  }
  if (argc < 3 || std::strcmp(argv[1], "run") != 0) return usage();
  LoopOptions options;
  int i = 2;
  if (std::strcmp(argv[i], "--clock") == 0) {
    if (argc < 5) return usage();
    std::string clock = argv[i + 1];
    if (clock == "virtual") options.clock = LoopOptions::ClockKind::Virtual;
    else if (clock != "real") return usage();
    i += 2;
  }
  const examples::Example* example = examples::find(argv[i]);
  if (!example) {
    std::fprintf(stderr, "cpp-examples: no example named '%s' (try: cpp-examples list)\n", argv[i]);
    return 2;
  }
  try {
    example->run(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", describe_exception(std::current_exception()).traceback.c_str());
    return 1;
  }
  return 0;
}
