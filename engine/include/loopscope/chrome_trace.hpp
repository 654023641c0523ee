// Export of a trace to Chrome's Trace Event JSON, which Perfetto (ui.perfetto.dev) and
// chrome://tracing open: one track per task plus one for the loop, running / ready / waiting
// slices on each, flow arrows from waker to woken, instants for timers, output and warnings.
#pragma once

#include <string>
#include <vector>

#include "loopscope/trace.hpp"

namespace loopscope {

std::string to_chrome_trace_json(const std::vector<TraceRecord>& records, const Trace& strings);

}  // namespace loopscope
