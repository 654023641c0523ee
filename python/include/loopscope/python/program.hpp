// Running a Python program on the Loopscope engine: the interpreter (script/) with the asyncio,
// time, aiohttp modules backed by the event loop. Hosts (the CLI, the wasm bridge) use Program.
//
//   loopscope::python::ProgramOptions o;
//   o.clock = loopscope::LoopOptions::ClockKind::Virtual;
//   loopscope::python::Program p(source, o);
//   p.run();                 // natively: runs to the end, blocking
//   return p.exit_code();    // 0, 1 on an uncaught exception, N for sys.exit(N)
//
// Driven (the browser): p.start(driver) puts the module body on the driver's fiber; the host
// calls driver.drive() until driver.finished(). Output goes through loopscope::write_output.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loopscope/clock.hpp"
#include "loopscope/driver.hpp"
#include "loopscope/loop.hpp"
#include "loopscope/trace.hpp"

namespace loopscope::python {

// C stack for each interpreted task. A Python-level call costs about 1.4 KB of C stack in an
// optimised build (script/README.md), several times that in a debug build and far more under
// AddressSanitizer; the interpreter raises RecursionError before a task's stack runs out (it
// checks the C stack position as well as the recursion limit), so a smaller stack only means a
// lower effective recursion depth inside tasks. See docs/python.md for the measured depths.
#if defined(__EMSCRIPTEN__)
constexpr std::size_t kDefaultTaskStack = 640 * 1024;    // C stack and Asyncify area each
#elif defined(LOOPSCOPE_SANITIZED)
constexpr std::size_t kDefaultTaskStack = 16 * 1024 * 1024;
#else
constexpr std::size_t kDefaultTaskStack = 4 * 1024 * 1024;  // reserved lazily (MAP_NORESERVE)
#endif

struct ProgramOptions {
  std::string filename = "main.py";       // shown in tracebacks and warnings
  std::vector<std::string> argv;          // sys.argv (default: {filename})
  LoopOptions::ClockKind clock = LoopOptions::ClockKind::Real;
  double speed = 1.0;                     // real clock only
  bool trace = false;                     // record the program's trace
  std::size_t task_stack_size = kDefaultTaskStack;
  std::size_t main_stack_size = 8 * 1024 * 1024;  // the module body's fiber when driven
  int recursion_limit = 1000;
  // input() waits for the host: Program::deliver_input() completes it. Off: read_line below,
  // or std::cin.
  bool async_input = false;
  // How the program's HTTP requests go out (default: the simulated network). The wasm bridge
  // passes the host's fetch here.
  std::shared_ptr<HttpTransport> http;
};

class Program {
 public:
  Program(std::string source, ProgramOptions options = {});
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  // Natively: runs the whole program on the calling thread (blocking).
  void run();
  // Driven: the module body runs on the driver's fiber; drive the driver until finished().
  void start(Driver& driver);
  bool finished() const { return finished_; }

  // 0, 1 on an uncaught exception (traceback printed to stderr as CPython), N for sys.exit(N).
  int exit_code() const { return exit_code_; }

  std::shared_ptr<Trace> trace() const { return trace_; }
  std::shared_ptr<Clock> clock() const { return clock_; }

  // ---- input from the host (ProgramOptions::async_input)
  // True while the program waits in input() (or run_in_executor(None, input, ...)).
  bool waiting_for_input() const;
  // Delivers one line (without its newline), or end of input (nullopt: EOFError). Call it from
  // the host between drive() slices; the waiting task or module body resumes on the next drive().
  void deliver_input(std::optional<std::string> line);

  struct State;  // internal

 private:
  std::string source_;
  ProgramOptions options_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<Trace> trace_;
  std::unique_ptr<State> state_;
  int exit_code_ = 0;
  bool finished_ = false;
  bool driven_ = false;  // start()ed: the module body runs on the driver's fiber
};

}  // namespace loopscope::python
