#include "loopscope/trace.hpp"

#include <algorithm>

namespace loopscope {

const char* to_string(WaitKind kind) {
  switch (kind) {
    case WaitKind::Future: return "future";
    case WaitKind::Sleep: return "sleep";
    case WaitKind::Task: return "task";
    case WaitKind::Gather: return "gather";
    case WaitKind::Lock: return "lock";
    case WaitKind::Semaphore: return "semaphore";
    case WaitKind::Event: return "event";
    case WaitKind::Condition: return "condition";
    case WaitKind::Queue: return "queue";
    case WaitKind::Barrier: return "barrier";
    case WaitKind::Io: return "io";
    case WaitKind::Executor: return "executor";
    case WaitKind::Input: return "input";
    case WaitKind::TaskGroup: return "taskgroup";
    case WaitKind::Wait: return "wait";
    case WaitKind::Timeout: return "timeout";
  }
  return "?";
}

const char* to_string(TraceKind kind) {
  switch (kind) {
    case TraceKind::LoopStart: return "loop_start";
    case TraceKind::LoopStop: return "loop_stop";
    case TraceKind::Iteration: return "iteration";
    case TraceKind::Poll: return "poll";
    case TraceKind::TaskCreated: return "task_created";
    case TraceKind::StepStart: return "step_start";
    case TraceKind::StepEnd: return "step_end";
    case TraceKind::Wait: return "wait";
    case TraceKind::Wake: return "wake";
    case TraceKind::CancelRequested: return "cancel_requested";
    case TraceKind::CancelDelivered: return "cancel_delivered";
    case TraceKind::ExceptionRaised: return "exception_raised";
    case TraceKind::TimerScheduled: return "timer_scheduled";
    case TraceKind::TimerFired: return "timer_fired";
    case TraceKind::TimerCancelled: return "timer_cancelled";
    case TraceKind::CallbackRun: return "callback_run";
    case TraceKind::IoStart: return "io_start";
    case TraceKind::IoEnd: return "io_end";
    case TraceKind::Output: return "output";
    case TraceKind::Warning: return "warning";
    case TraceKind::BlockStart: return "block_start";
    case TraceKind::BlockEnd: return "block_end";
    case TraceKind::WorkerCreated: return "worker_created";
    case TraceKind::JobStart: return "job_start";
    case TraceKind::JobEnd: return "job_end";
    case TraceKind::Switch: return "switch";
  }
  return "?";
}

std::uint32_t Trace::intern(std::string_view text) {
  auto it = string_ids_.find(std::string(text));
  if (it != string_ids_.end()) return it->second;
  auto id = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(text);
  string_ids_.emplace(strings_.back(), id);
  return id;
}

int expand_switch(const TraceRecord& r, TraceRecord out[3]) {
  if (r.kind != TraceKind::Switch) {
    out[0] = r;
    return 1;
  }
  int n = 0;
  out[n++] = TraceRecord{r.time, TraceKind::StepEnd, static_cast<std::uint8_t>(r.detail & kSwitchReasonMask), 0, r.task, 0, 0};
  if (r.detail & kSwitchIteration)
    out[n++] = TraceRecord{r.time, TraceKind::Iteration, 0, 0, 0, static_cast<std::uint64_t>(r.arg), r.extra};
  out[n++] = TraceRecord{r.time, TraceKind::StepStart, static_cast<std::uint8_t>(r.detail & kSwitchFirstStep ? 1 : 0), 0,
                         static_cast<std::uint32_t>(r.object), 0, 0};
  return n;
}

std::vector<TraceRecord> expand_switches(const std::vector<TraceRecord>& records) {
  std::vector<TraceRecord> out;
  out.reserve(records.size());
  TraceRecord parts[3];
  for (const TraceRecord& r : records) {
    const int n = expand_switch(r, parts);
    out.insert(out.end(), parts, parts + n);
  }
  return out;
}

bool Trace::make_room() {
  const std::size_t size = records_.size();
  if (size >= capacity_) return false;
  records_.reserve(std::min(capacity_, std::max<std::size_t>(1024, size * 2)));
  return true;
}

// Keeps the storage within capacity_ (append() relies on it): a smaller capacity, or a host's
// vector handed over by drain_into(), may have room for more.
void Trace::set_capacity(std::size_t records) {
  capacity_ = records;
  if (records_.capacity() > capacity_) {
    std::vector<TraceRecord> trimmed;
    trimmed.reserve(std::max(capacity_, records_.size()));
    trimmed.assign(records_.begin(), records_.end());
    records_.swap(trimmed);
  }
}

void Trace::release_held() {
  const std::uint8_t held = held_;
  held_ = 0;
  const auto detail = static_cast<std::uint8_t>(held_word_ >> 8);
  const auto task = static_cast<std::uint32_t>(held_word_ >> 32);
  if (held & kHeldEnd) append(held_time_, TraceKind::StepEnd, detail & kSwitchReasonMask, 0, task, 0, 0);
  if (held & kHeldIteration) {
    const auto ready = static_cast<std::uint16_t>(held_word_ >> 16);
    append(held_iteration_time_, TraceKind::Iteration, 0, 0, 0, static_cast<std::uint64_t>(held_arg_), ready);
  }
}

std::vector<TraceRecord> Trace::take() {
  if (held_) release_held();
  std::vector<TraceRecord> out;
  out.swap(records_);
  taken_ += out.size();
  return out;
}

void Trace::drain_into(std::vector<TraceRecord>& out) {
  if (held_) release_held();
  out.clear();
  out.swap(records_);
  taken_ += out.size();
  if (records_.capacity() > capacity_) set_capacity(capacity_);
}

void Trace::clear() {
  records_.clear();
  held_ = 0;
  dropped_ = 0;
}

}  // namespace loopscope
