// Helpers shared by the engine's doctest cases.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "loopscope/loopscope.hpp"

namespace loopscope::testing {

// Collects events in order, for asserting exact sequences.
struct Log {
  std::vector<std::string> lines;
  void operator()(std::string line) { lines.push_back(std::move(line)); }
};

inline std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (auto& l : lines) out += l + "\n";
  return out;
}

// Python's spelling of a bool, for logs compared with a Python twin's output.
inline std::string tf(bool b) { return b ? "True" : "False"; }

// job(log, name, d, fail): a task body that sleeps d seconds, logs "<name> done" and returns its
// name, or logs "<name> raising" and raises ValueError(name); cancelled, it logs "<name> cancelled".
// The Python twin in the tests' comments is the same coroutine.
inline std::function<std::string()> job(Log& log, std::string name, double d, bool fail = false) {
  Log* l = &log;
  return [l, name, d, fail]() -> std::string {
    try {
      sleep(d);
    } catch (const CancelledError&) {
      (*l)(name + " cancelled");
      throw;
    }
    if (fail) {
      (*l)(name + " raising");
      throw ValueError(name);
    }
    (*l)(name + " done");
    return name;
  };
}

// Loop time elapsed since t0, as "%.1f" (what the Python twins print with f"{t:.1f}").
inline std::string elapsed_since(Loop& loop, double t0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", loop.time() - t0);
  return buf;
}

// A loop on the virtual clock, with Task-N numbering restarted, and stderr captured.
struct VirtualLoop {
  Loop loop;
  std::string errors;
  VirtualLoop() : loop(make_options()) {
    detail::reset_task_counter();
    loop.set_error_output([this](const std::string& text) { errors += text; });
  }
  static LoopOptions make_options() {
    LoopOptions o;
    o.clock = LoopOptions::ClockKind::Virtual;
    return o;
  }
};

}  // namespace loopscope::testing
