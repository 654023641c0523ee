#include "loopscope/output.hpp"

#include <cstdio>

#include "loopscope/loop.hpp"

namespace loopscope {
namespace {
void default_sink(Stream stream, std::string_view text) {
  std::FILE* f = stream == Stream::Stdout ? stdout : stderr;
  std::fwrite(text.data(), 1, text.size(), f);
  std::fflush(f);
}

OutputSink& sink() {
  static thread_local OutputSink current = default_sink;
  return current;
}
}  // namespace

OutputSink set_output_sink(OutputSink next) {
  OutputSink old = std::move(sink());
  sink() = next ? std::move(next) : OutputSink(default_sink);
  return old;
}

void write_output(Stream stream, std::string_view text) {
  if (Loop* loop = Loop::running(); loop && loop->tracing()) {
    loop->record(TraceKind::Output, loop->current_task_id(), 0, loop->trace().intern(text), stream == Stream::Stderr ? 1 : 0);
  }
  sink()(stream, text);
}

}  // namespace loopscope
