#include "loopscope/chrome_trace.hpp"

#include "loopscope/detail/json.hpp"

#include <cinttypes>
#include <cstdio>
#include <map>

namespace loopscope {
namespace {
using detail::json_string;

// Microseconds with nanosecond precision, as the format expects.
std::string micros(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%" PRId64 ".%03d", ns / 1000, static_cast<int>(ns % 1000));
  return buf;
}

const char* step_end_name(StepEndReason r) {
  switch (r) {
    case StepEndReason::Waiting: return "waiting";
    case StepEndReason::Ready: return "ready";
    case StepEndReason::Done: return "done";
    case StepEndReason::Cancelled: return "cancelled";
    case StepEndReason::Failed: return "failed";
    case StepEndReason::Blocked: return "blocked";
  }
  return "?";
}

class Writer {
 public:
  explicit Writer(const Trace& strings) : strings_(strings) {}

  void event(const std::string& body) {
    out_ += first_ ? "\n" : ",\n";
    first_ = false;
    out_ += "{" + body + "}";
  }
  void slice(std::uint32_t tid, const std::string& name, const char* cat, std::int64_t start, std::int64_t end,
             const std::string& args = "") {
    if (end < start) end = start;
    event("\"ph\":\"X\",\"pid\":1,\"tid\":" + std::to_string(tid) + ",\"name\":" + json_string(name) + ",\"cat\":\"" + cat +
          "\",\"ts\":" + micros(start) + ",\"dur\":" + micros(end - start) + (args.empty() ? "" : ",\"args\":{" + args + "}"));
  }
  void instant(std::uint32_t tid, const std::string& name, const char* cat, std::int64_t at, const std::string& args = "") {
    event("\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" + std::to_string(tid) + ",\"name\":" + json_string(name) +
          ",\"cat\":\"" + cat + "\",\"ts\":" + micros(at) + (args.empty() ? "" : ",\"args\":{" + args + "}"));
  }
  void flow(char phase, std::uint64_t id, std::uint32_t tid, std::int64_t at) {
    event(std::string("\"ph\":\"") + phase + "\",\"pid\":1,\"tid\":" + std::to_string(tid) +
          ",\"name\":\"wake\",\"cat\":\"wake\",\"id\":" + std::to_string(id) + ",\"ts\":" + micros(at) +
          (phase == 'f' ? ",\"bp\":\"e\"" : ""));
  }
  const std::string& str(std::int64_t id) const { return strings_.string(static_cast<std::uint32_t>(id)); }
  std::string finish() { return "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[" + out_ + "\n]}\n"; }

 private:
  const Trace& strings_;
  std::string out_;
  bool first_ = true;
};

// Per task: what its track is showing right now, and since when.
struct Lane {
  enum class State { None, Running, Ready, Waiting, Blocked } state = State::None;
  std::int64_t since = 0;
  std::string label;   // what it waits on (a worker's lane: the job it runs)
  std::string resume;  // the running slice's label to go back to after a blocking call
};

}  // namespace

std::string to_chrome_trace_json(const std::vector<TraceRecord>& records, const Trace& strings) {
  Writer w(strings);
  w.event("\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"Loopscope\"}");
  w.event("\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"thread_name\",\"args\":{\"name\":\"event loop\"}");
  std::map<std::uint32_t, Lane> lanes;  // ordered: the output must not depend on hashing
  std::uint64_t flow_id = 0;
  std::map<std::uint32_t, std::uint64_t> pending_flow;  // woken task -> flow id
  std::int64_t loop_since = -1;
  std::string loop_label;

  auto close_lane = [&](std::uint32_t task, std::int64_t at) {
    Lane& lane = lanes[task];
    switch (lane.state) {
      case Lane::State::Running: w.slice(task, lane.label.empty() ? "running" : lane.label, "running", lane.since, at); break;
      case Lane::State::Blocked: w.slice(task, "blocked", "blocked", lane.since, at); break;
      case Lane::State::Ready: w.slice(task, "ready", "ready", lane.since, at); break;
      case Lane::State::Waiting: w.slice(task, lane.label.empty() ? "waiting" : "waiting on " + lane.label, "waiting", lane.since, at); break;
      case Lane::State::None: break;
    }
    lane.state = Lane::State::None;
  };
  auto open_lane = [&](std::uint32_t task, Lane::State state, std::int64_t at, std::string label = "") {
    close_lane(task, at);
    Lane& lane = lanes[task];
    lane.state = state;
    lane.since = at;
    lane.label = std::move(label);
  };
  auto close_loop = [&](std::int64_t at) {
    if (loop_since >= 0) w.slice(0, loop_label, "loop", loop_since, at);
    loop_since = -1;
  };

  std::int64_t last = 0;
  // A Switch stands for a StepEnd, maybe an Iteration, and a StepStart: read as those.
  for (const TraceRecord& r : expand_switches(records)) {
    last = r.time;
    switch (r.kind) {
      case TraceKind::TaskCreated:
        w.event("\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(r.task) +
                ",\"name\":\"thread_name\",\"args\":{\"name\":" + json_string(w.str(r.arg)) + "}");
        w.event("\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(r.task) +
                ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + std::to_string(r.task) + "}");
        open_lane(r.task, Lane::State::Ready, r.time);
        break;
      case TraceKind::StepStart:
        open_lane(r.task, Lane::State::Running, r.time);
        if (auto it = pending_flow.find(r.task); it != pending_flow.end()) {
          w.flow('f', it->second, r.task, r.time);
          pending_flow.erase(it);
        }
        break;
      case TraceKind::StepEnd: {
        auto reason = static_cast<StepEndReason>(r.detail);
        if (reason == StepEndReason::Ready) open_lane(r.task, Lane::State::Ready, r.time);
        else if (reason == StepEndReason::Waiting) open_lane(r.task, Lane::State::Waiting, r.time, lanes[r.task].label);
        else {
          close_lane(r.task, r.time);
          w.instant(r.task, step_end_name(reason), "task", r.time);
        }
        break;
      }
      case TraceKind::Wait: {
        std::string label = r.arg ? w.str(r.arg) : std::string(to_string(static_cast<WaitKind>(r.detail)));
        lanes[r.task].label = label;
        break;
      }
      case TraceKind::Wake:
        open_lane(r.task, Lane::State::Ready, r.time);
        ++flow_id;
        w.flow('s', flow_id, static_cast<std::uint32_t>(r.object), r.time);
        pending_flow[r.task] = flow_id;
        break;
      case TraceKind::Iteration:
        close_loop(r.time);
        loop_since = r.time;
        loop_label = "iteration " + std::to_string(r.object) + " (" + std::to_string(r.arg) + " ready)";
        break;
      case TraceKind::Poll:
        close_loop(r.time);
        loop_since = r.time;
        loop_label = r.arg < 0 ? "poll (no timeout)" : "poll " + micros(r.arg) + " us";
        break;
      case TraceKind::LoopStop: close_loop(r.time); break;
      case TraceKind::TimerFired: w.instant(0, "timer fired", "timer", r.time, "\"handle\":" + std::to_string(r.object)); break;
      case TraceKind::CancelRequested:
        w.instant(r.task, "cancel requested", "cancel", r.time, "\"by\":" + std::to_string(r.object));
        break;
      case TraceKind::CancelDelivered: w.instant(r.task, "CancelledError raised", "cancel", r.time); break;
      case TraceKind::ExceptionRaised:
        w.instant(r.task, "exception", "task", r.time, "\"exception\":" + json_string(w.str(r.arg)));
        break;
      case TraceKind::Output: w.instant(r.task, "print", "output", r.time, "\"text\":" + json_string(w.str(r.arg))); break;
      case TraceKind::Warning: w.instant(r.task, "warning", "warning", r.time, "\"text\":" + json_string(w.str(r.arg))); break;
      case TraceKind::WorkerCreated:
        w.event("\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(r.task) +
                ",\"name\":\"thread_name\",\"args\":{\"name\":" + json_string("executor " + w.str(r.arg)) + "}");
        w.event("\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(r.task) +
                ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + std::to_string(1000000 + r.task) + "}");
        break;
      case TraceKind::JobStart: open_lane(r.task, Lane::State::Running, r.time, r.arg ? w.str(r.arg) : "job"); break;
      case TraceKind::JobEnd: close_lane(r.task, r.time); break;
      case TraceKind::BlockStart: {
        Lane& lane = lanes[r.task];
        std::string resume = lane.state == Lane::State::Running ? lane.label : std::string();
        open_lane(r.task, Lane::State::Blocked, r.time);
        lanes[r.task].resume = resume;
        break;
      }
      case TraceKind::BlockEnd: {
        std::string resume = lanes[r.task].resume;
        open_lane(r.task, Lane::State::Running, r.time, resume);
        break;
      }
      case TraceKind::IoStart:
      case TraceKind::IoEnd:
      case TraceKind::TimerScheduled:
      case TraceKind::TimerCancelled:
      case TraceKind::CallbackRun:
      case TraceKind::LoopStart:
      case TraceKind::Switch:  // expanded above
        break;
    }
  }
  close_loop(last);
  for (auto& [task, lane] : lanes) close_lane(task, last);
  return w.finish();
}

}  // namespace loopscope
