// python_bench: the interpreter on the engine beside python3, on the same programs.
//   pingpong.py  two tasks switching with await asyncio.sleep(0): switches per second
//   fib.py       recursive fib(25): seconds
// Each figure is the median of several runs; each program measures itself with
// time.perf_counter, so process start-up is not counted. Build with native-release.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "loopscope/output.hpp"
#include "loopscope/python/program.hpp"

namespace {
std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

double ours(const std::string& path) {
  std::string out;
  auto old = loopscope::set_output_sink([&](loopscope::Stream, std::string_view t) { out += t; });
  {
    loopscope::python::ProgramOptions o;
    o.filename = path;
    loopscope::python::Program p(read(path), o);
    p.run();
  }
  loopscope::set_output_sink(old);
  return std::stod(out);
}

double theirs(const std::string& path) {
  std::string cmd = "python3 " + path;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return 0;
  char buf[256] = {0};
  std::string out;
  while (fgets(buf, sizeof buf, f)) out += buf;
  pclose(f);
  return out.empty() ? 0 : std::stod(out);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  std::string dir = LOOPSCOPE_PYTHON_BENCH_DIR;
  std::vector<double> a, b, c, d;
  for (int i = 0; i < runs; ++i) {
    a.push_back(ours(dir + "/pingpong.py"));
    b.push_back(theirs(dir + "/pingpong.py"));
    c.push_back(ours(dir + "/fib.py"));
    d.push_back(theirs(dir + "/fib.py"));
  }
  double sw = median(a), sw_py = median(b), fib = median(c), fib_py = median(d);
  std::printf("sleep(0) ping-pong: loopscope %.0f switches/s, python3 %.0f switches/s, ratio %.2f\n", sw, sw_py,
              sw_py > 0 ? sw / sw_py : 0.0);
  std::printf("fib(25):            loopscope %.4f s, python3 %.4f s, ratio %.2f (time vs python3)\n", fib, fib_py,
              fib_py > 0 ? fib / fib_py : 0.0);
  std::printf("(median of %d runs)\n", runs);
  return 0;
}
