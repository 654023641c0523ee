// Loopscope script benchmark: runs bench/fib.py (recursive fib(25)) with
// the Loopscope interpreter and with python3, and prints both times and
// the ratio. Also measures the C stack used per Python-level call.
//
// usage: script_bench [path/to/fib.py]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "loopscope/script/interpreter.hpp"

using namespace loopscope::script;

namespace {
std::string read_file(const std::string& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Lowest stack address seen by the budget hook (called between statements).
char* g_low = nullptr;
void note_stack() {
  char here;
  if (!g_low || &here < g_low) g_low = &here;
}
}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : LOOPSCOPE_BENCH_FIB;
  std::string src = read_file(path);
  // Both sides time fib(25) inside the program (time.perf_counter), so
  // interpreter start-up is excluded; best of 5 runs each.
  auto elapsed_of = [](const std::string& out) {
    size_t sp = out.find(' ');
    return sp == std::string::npos ? -1.0 : std::atof(out.c_str() + sp + 1);
  };
  double ours = 1e9, py = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    std::string out;
    HostHooks hooks;
    hooks.write = [&](std::string_view s, bool) { out += s; };
    Interpreter in(Options{}, hooks);
    in.run_main(src);
    ours = std::min(ours, elapsed_of(out));
  }
  for (int rep = 0; rep < 5; ++rep) {
    std::string cmd = "python3 '" + path + "'";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) break;
    char buf[256] = {0};
    std::string out = std::fgets(buf, sizeof buf, p) ? buf : "";
    pclose(p);
    double t = elapsed_of(out);
    if (t > 0) py = std::min(py, t);
  }
  std::printf("fib(25) loopscope: %.4f s\nfib(25) python3:   %.4f s\nratio loopscope/python3: %.2f\n", ours, py, ours / py);

  // C stack per Python call: recurse N deep and compare the lowest stack
  // address seen at depth 1 and depth N+1.
  const int depths[2] = {10, 210};
  char* lows[2];
  for (int k = 0; k < 2; ++k) {
    HostHooks hooks;
    hooks.write = [](std::string_view, bool) {};
    hooks.on_budget = [](Interpreter&) { note_stack(); };
    Options opts;
    opts.budget_interval = 1;  // call the hook at every statement
    Interpreter in(opts, hooks);
    g_low = nullptr;
    in.run_main("def f(n):\n    if n == 0:\n        return 0\n    return f(n - 1) + 1\nf(" + std::to_string(depths[k]) + ")\n");
    lows[k] = g_low;
  }
  std::printf("C stack per Python call (def f(n): return f(n - 1) + 1): %ld bytes\n",
              long((lows[0] - lows[1]) / (depths[1] - depths[0])));
  return 0;
}
