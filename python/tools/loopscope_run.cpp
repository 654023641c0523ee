// loopscope-run [--clock real|virtual] [--speed X] [--trace out.json] FILE [ARGS...]
// Runs a Python program on the Loopscope engine: stdout and stderr as python3 prints them,
// exit status 0, 1 on an uncaught exception, N for sys.exit(N), 2 on bad usage.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "loopscope/chrome_trace.hpp"
#include "loopscope/python/program.hpp"

namespace {
int usage() {
  std::cerr << "usage: loopscope-run [--clock real|virtual] [--speed X] [--trace out.json] FILE [ARGS...]\n";
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  loopscope::python::ProgramOptions options;
  std::string trace_path;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--clock" && i + 1 < argc) {
      std::string c = argv[++i];
      if (c == "real") options.clock = loopscope::LoopOptions::ClockKind::Real;
      else if (c == "virtual") options.clock = loopscope::LoopOptions::ClockKind::Virtual;
      else return usage();
    } else if (a == "--speed" && i + 1 < argc) {
      options.speed = std::stod(argv[++i]);
    } else if (a == "--trace" && i + 1 < argc) {
      trace_path = argv[++i];
      options.trace = true;
    } else if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return usage();
    } else {
      break;
    }
  }
  if (i >= argc) return usage();
  std::string path = argv[i];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "loopscope-run: can't open file '" << path << "'\n";
    return 2;
  }
  std::stringstream source;
  source << in.rdbuf();
  // CPython names the script by its absolute path in tracebacks and warnings.
  if (!path.empty() && path[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
      while (path.rfind("./", 0) == 0) path = path.substr(2);
      path = std::string(cwd) + "/" + path;
    }
  }
  options.filename = path;
  options.argv.push_back(argv[i]);
  for (int j = i + 1; j < argc; ++j) options.argv.push_back(argv[j]);
  int rc;
  std::shared_ptr<loopscope::Trace> trace;
  {
    loopscope::python::Program program(source.str(), options);
    program.run();
    rc = program.exit_code();
    trace = program.trace();
  }
  std::cout.flush();
  if (!trace_path.empty()) {
    std::ofstream out(trace_path, std::ios::binary);
    out << loopscope::to_chrome_trace_json(trace->records(), *trace);
  }
  return rc;
}
