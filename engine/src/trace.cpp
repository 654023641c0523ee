#include "loopscope/trace.hpp"

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

std::vector<TraceRecord> Trace::take() {
  std::vector<TraceRecord> out;
  out.swap(records_);
  taken_ += out.size();
  return out;
}

void Trace::drain_into(std::vector<TraceRecord>& out) {
  out.clear();
  out.swap(records_);
  taken_ += out.size();
}

void Trace::clear() {
  records_.clear();
  dropped_ = 0;
}

}  // namespace loopscope
