// loopscope-py FILE [ARGS...]: runs a Python program with the Loopscope
// interpreter, printing exactly what python3 would (stdout, tracebacks on
// stderr, exit status 1 on an uncaught exception).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "loopscope/script/interpreter.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: loopscope-py FILE [ARGS...]\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "loopscope-py: can't open file '" << argv[1] << "'\n";
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::ios::sync_with_stdio(false);
  loopscope::script::Options opts;
  // CPython reports the script by its absolute path in tracebacks.
  std::string path = argv[1];
  if (!path.empty() && path[0] != '/') {
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
      while (path.rfind("./", 0) == 0) path = path.substr(2);
      path = std::string(cwd) + "/" + path;
    }
  }
  opts.filename = path;
  for (int i = 1; i < argc; ++i) opts.argv.push_back(argv[i]);
  int rc;
  {
    loopscope::script::Interpreter interp(opts);
    rc = interp.run_main(ss.str());
    std::cout.flush();
  }
  std::cout.flush();
  return rc;
}
