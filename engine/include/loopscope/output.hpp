// The program's own output (what Python's print writes). It goes through one sink so a host can
// capture it (the browser's console panel, the Node runner's stdout) and the trace can mark it.
#pragma once

#include <functional>
#include <sstream>
#include <string>
#include <string_view>

namespace loopscope {

enum class Stream { Stdout, Stderr };

using OutputSink = std::function<void(Stream, std::string_view)>;

// Replaces the sink for this thread (default: the process's stdout/stderr). Returns the old one.
OutputSink set_output_sink(OutputSink sink);
void write_output(Stream stream, std::string_view text);

// print(a, b, c): the arguments joined by spaces, then a newline, like Python's print.
template <class... Args>
void print(const Args&... args) {
  std::ostringstream line;
  const char* sep = "";
  ((line << sep << args, sep = " "), ...);
  line << '\n';
  write_output(Stream::Stdout, line.str());
}

}  // namespace loopscope
