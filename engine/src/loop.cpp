#include "loopscope/loop.hpp"

#include "loopscope/executor.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdio>
#if !defined(__EMSCRIPTEN__)
#include <thread>
#endif

#if defined(__EMSCRIPTEN__)
#include <emscripten/em_js.h>
#endif

namespace loopscope {

namespace detail {
__thread Loop* running_loop = nullptr;
}
using detail::running_loop;

namespace {

// asyncio's thresholds for rebuilding the timer heap instead of popping cancelled timers.
constexpr std::size_t kMinScheduledTimerHandles = 100;
constexpr double kMinCancelledTimerHandlesFraction = 0.5;

}  // namespace

// ---------------------------------------------------------------- construction

Loop::Loop(LoopOptions options)
    : options_(options), host_(std::make_unique<StandardHost>()), life_(std::make_shared<detail::LoopLife>(detail::LoopLife{this})) {
  if (options_.shared_clock) {
    clock_ = options_.shared_clock;
  } else if (options_.clock == LoopOptions::ClockKind::Virtual) {
    clock_ = std::make_shared<VirtualClock>();
  } else {
    clock_ = std::make_shared<RealClock>(options_.speed);
  }
  if (auto* v = dynamic_cast<VirtualClock*>(clock_.get())) virtual_now_ = v->now_address();
  trace_ = options_.shared_trace ? options_.shared_trace : std::make_shared<Trace>();
  http_ = options_.http;
  error_output_ = [](const std::string& text) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  };
}

Loop::~Loop() {
  assert(!running_ && "a loop must not be destroyed while it runs");
  default_executor_.reset();  // asyncio's close(): the executor goes first (jobs not started are dropped)
  destroy_pending_tasks();
  for (auto& t : timers_) {
    t.handle->in_heap = false;
    t.handle->loop = nullptr;
  }
  ready_.for_each([](const ReadyItem& r) {
    if (r.handle) r.handle->loop = nullptr;
  });
  clear_ready();
  timers_.clear();
  zombies_.clear();
  life_->loop = nullptr;
}

// Python destroys a pending task's coroutine when the task is garbage collected, which raises
// GeneratorExit inside it; here the loop does it when it goes away, in creation order.
void Loop::destroy_pending_tasks() {
  Fiber& self = Fiber::current();
  closer_ = &self;
  while (TaskState* t = pending_head_) {
    std::shared_ptr<TaskState> keep = t->self_ref_;
    ExceptionContext context;
    context.message = "Task was destroyed but it is pending!";
    context.details = "task: " + t->repr();
    call_exception_handler(context);
    if (t->fiber_ && t->fiber_->state() == FiberState::Waiting) {
      t->closing_ = true;
      start_step(*t);
      Fiber::switch_to(*t->fiber_);
      finish_arrival();
    } else {
      unregister_task(*t);
      t->self_ref_.reset();
    }
  }
  closer_ = nullptr;
}

void Loop::set_host(std::unique_ptr<Host> host) { host_ = std::move(host); }

HttpTransport& Loop::http() {
  if (!http_) http_ = std::make_shared<SimulatedNetwork>();
  return *http_;
}

void Loop::throw_no_running_loop() { throw RuntimeError("no running event loop"); }

void Loop::check_closed() const {
  if (closed_) throw RuntimeError("Event loop is closed");
}

// ---------------------------------------------------------------- callbacks and timers

void Loop::clear_ready() {
  ready_.for_each([](const ReadyItem& r) {
    if (r.handle) detail::release(r.handle);
  });
  ready_.clear();
  iteration_remaining_ = 0;
}

Handle Loop::call_soon(std::function<void()> callback) {
  check_closed();
  detail::HandleRef h(new detail::HandleState());
  h->callback = std::move(callback);
  h->loop = this;
  h->id = ++handle_ids_;
  push_ready_handle(h.get());
  return Handle(std::move(h));
}

Handle Loop::call_later(double delay, std::function<void()> callback) {
  return call_at_nanos(now() + seconds_to_nanos(delay), std::move(callback));
}

Handle Loop::call_at(double when, std::function<void()> callback) {
  Nanos at = when <= 0 ? 0 : seconds_to_nanos(when);
  return call_at_nanos(at, std::move(callback));
}

Handle Loop::call_at_nanos(Nanos when, std::function<void()> callback) {
  check_closed();
  detail::HandleRef h(new detail::HandleState());
  h->callback = std::move(callback);
  h->loop = this;
  h->id = ++handle_ids_;
  h->is_timer = true;
  h->in_heap = true;
  h->when = when;
  h->sequence = ++timer_sequence_;
  timers_.push_back({when, h->sequence, h});
  std::push_heap(timers_.begin(), timers_.end(), TimerLater{});
  record(TraceKind::TimerScheduled, current_task_id(), h->id, when);
  return Handle(std::move(h));
}

void Handle::cancel() {
  if (!state_ || state_->cancelled) return;
  state_->cancelled = true;
  if (state_->is_timer && state_->in_heap && state_->loop) state_->loop->timer_cancelled(*state_);
  // The callback is released when the loop drops the handle (it may be running right now).
}

void Loop::timer_cancelled(detail::HandleState& handle) {
  ++timer_cancelled_count_;
  record(TraceKind::TimerCancelled, current_task_id(), handle.id);
}

void Loop::call_soon_threadsafe(std::function<void()> callback) {
  {
    std::lock_guard<std::mutex> lock(threadsafe_mutex_);
    threadsafe_.push_back(std::move(callback));
    threadsafe_pending_.store(true, std::memory_order_release);
  }
  threadsafe_cv_.notify_one();
}

void Loop::drain_threadsafe() {
  if (!threadsafe_pending_.load(std::memory_order_acquire)) return;
  std::vector<std::function<void()>> arrived;
  {
    std::lock_guard<std::mutex> lock(threadsafe_mutex_);
    arrived.swap(threadsafe_);
    threadsafe_pending_.store(false, std::memory_order_relaxed);
  }
  for (auto& cb : arrived) call_soon(std::move(cb));
}

#if defined(__EMSCRIPTEN__)
// Without threads nothing can arrive while we wait, so waiting is sleeping. Atomics.wait blocks
// in Node and in Web Workers; the browser's main thread never gets here (it drives the loop).
EM_JS(void, loopscope_block_ms, (double ms), {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
});
#endif

void Loop::wait_for_threadsafe(Nanos real_timeout) {
#if defined(__EMSCRIPTEN__)
  if (real_timeout > 0) loopscope_block_ms(static_cast<double>(real_timeout) / 1e6);
#else
  if (real_timeout != 0) {
    std::unique_lock<std::mutex> lock(threadsafe_mutex_);
    auto arrived = [this] { return !threadsafe_.empty(); };
    if (real_timeout < 0) threadsafe_cv_.wait(lock, arrived);
    else threadsafe_cv_.wait_for(lock, std::chrono::nanoseconds(real_timeout), arrived);
  }
#endif
  drain_threadsafe();
}

// ---------------------------------------------------------------- running

void Loop::check_runnable() const {
  check_closed();
  if (running_) throw RuntimeError("This event loop is already running");
  if (running_loop && running_loop != this) throw RuntimeError("Cannot run the event loop while another loop is running");
}

void Loop::enter_run() {
  running_ = true;
  runner_ = &Fiber::current();
  iterations_in_run_ = 0;
  run_error_ = nullptr;
  running_loop = this;
  record(TraceKind::LoopStart, 0, iteration_);
}

void Loop::leave_run() {
  record(TraceKind::LoopStop, 0, iteration_);
  stopping_ = false;
  running_ = false;
  one_iteration_ = false;
  runner_ = nullptr;
  running_loop = nullptr;
}

void Loop::run_forever() {
  check_runnable();
  enter_run();
  dispatch();
  std::exception_ptr error = run_error_;
  leave_run();
  if (error) std::rethrow_exception(error);
}

void Loop::run_once() {
  check_runnable();
  one_iteration_ = true;
  enter_run();
  dispatch();
  std::exception_ptr error = run_error_;
  leave_run();
  if (error) std::rethrow_exception(error);
}

void Loop::close() {
  if (running_) throw RuntimeError("Cannot close a running event loop");
  if (closed_) return;
  closed_ = true;
  clear_ready();
  for (auto& t : timers_) t.handle->in_heap = false;
  timers_.clear();
  timer_cancelled_count_ = 0;
  // asyncio's close() ends with executor.shutdown(wait=False): the default executor takes no new
  // jobs and nothing is waited for. Its workers go with the loop (~Loop).
  if (default_executor_ && !default_executor_->is_shutdown()) default_executor_->shutdown();
}

bool Loop::run_should_end() const {
  // asyncio's run_forever checks _stopping after each full iteration, so at least one runs.
  return run_error_ || (iterations_in_run_ > 0 && (stopping_ || one_iteration_));
}

// ---------------------------------------------------------------- one iteration, phases 1-4

Loop::IterationStart Loop::begin_iteration() {
  if (!timers_.empty()) drop_cancelled_timers();        // 1
  Nanos timeout = compute_timeout();                    // 2
  if (timeout == 0) {                                   // 3: collect what has arrived, no wait
    drain_threadsafe();
  } else {
    record(TraceKind::Poll, 0, iteration_, timeout);
    switch (host_->poll(*this, timeout)) {
      case PollOutcome::Polled: break;
      case PollOutcome::MustYield: return IterationStart::MustYield;
      case PollOutcome::Deadlock: return IterationStart::Deadlock;
    }
  }
  if (!timers_.empty()) move_due_timers();              // 4
  ++iteration_;
  ++iterations_in_run_;
  iteration_remaining_ = ready_.size();                 // 5 runs exactly these
  if (tracing()) trace_->record_iteration(now(), iteration_, static_cast<std::int64_t>(iteration_remaining_));
  return IterationStart::Started;
}

void Loop::drop_cancelled_timers() {
  std::size_t scheduled = timers_.size();
  if (scheduled == 0) return;
  if (scheduled > kMinScheduledTimerHandles &&
      static_cast<double>(timer_cancelled_count_) / static_cast<double>(scheduled) > kMinCancelledTimerHandlesFraction) {
    std::vector<TimerEntry> kept;
    kept.reserve(scheduled - timer_cancelled_count_);
    for (auto& t : timers_) {
      if (t.handle->cancelled) t.handle->in_heap = false;
      else kept.push_back(std::move(t));
    }
    timers_.swap(kept);
    std::make_heap(timers_.begin(), timers_.end(), TimerLater{});
    timer_cancelled_count_ = 0;
    return;
  }
  while (!timers_.empty() && timers_.front().handle->cancelled) {
    --timer_cancelled_count_;
    std::pop_heap(timers_.begin(), timers_.end(), TimerLater{});
    timers_.back().handle->in_heap = false;
    timers_.pop_back();
  }
}

Nanos Loop::compute_timeout() const {
  if (!ready_.empty() || stopping_) return 0;
  if (!timers_.empty()) return std::max<Nanos>(0, timers_.front().when - now());
  return -1;
}

void Loop::move_due_timers() {
  Nanos end = now();
  while (!timers_.empty() && timers_.front().when <= end) {
    std::pop_heap(timers_.begin(), timers_.end(), TimerLater{});
    TimerEntry entry = std::move(timers_.back());
    timers_.pop_back();
    entry.handle->in_heap = false;
    if (entry.handle->cancelled && timer_cancelled_count_ > 0) --timer_cancelled_count_;
    else record(TraceKind::TimerFired, 0, entry.handle->id, entry.when);
    push_ready_handle(entry.handle.get());
  }
}

// ---------------------------------------------------------------- phase 5 and fiber hand-off

void Loop::run_callback(detail::HandleState& handle) {
  if (handle.cancelled) return;
  record(TraceKind::CallbackRun, 0, handle.id, handle.label);
  std::function<void()> callback = std::move(handle.callback);
  const Nanos started = options_.debug ? now() : 0;
  try {
    callback();
  } catch (...) {
    ExceptionContext context;
    context.message = "Exception in callback";
    context.exception = std::current_exception();
    call_exception_handler(context);
  }
  if (options_.debug && now() - started >= seconds_to_nanos(slow_callback_duration_)) {
    std::string what = handle.label && tracing() ? trace_->string(handle.label) : "callback()";
    report_slow(std::string(handle.is_timer ? "<TimerHandle " : "<Handle ") + what + ">", started);
  }
}

// asyncio's debug-mode warning (base_events._run_once): "Executing <Task ...> took 2.000 seconds".
void Loop::report_slow(const std::string& what, Nanos started) {
  char took[64];
  std::snprintf(took, sizeof took, " took %.3f seconds", nanos_to_seconds(now() - started));
  std::string text = "Executing " + what + took;
  if (tracing()) record(TraceKind::Warning, current_task_id(), 0, trace_->intern(text));
  error_output_(text + "\n");
}

// time.sleep() called by a task (or a callback): nothing else runs meanwhile.
void Loop::block_for(Nanos duration) {
  if (duration <= 0) return;
  const std::uint32_t task = current_task_id();
  record(TraceKind::BlockStart, task, 0, duration);
  if (clock_->is_virtual()) {
    clock_->advance_to(now() + duration);
  } else {
#if defined(__EMSCRIPTEN__)
    loopscope_block_ms(static_cast<double>(clock_->to_real(duration)) / 1e6);
#else
    std::this_thread::sleep_for(std::chrono::nanoseconds(clock_->to_real(duration)));
#endif
  }
  record(TraceKind::BlockEnd, task, 0, duration);
}

std::uint32_t Loop::current_task_id() const {
  return current_task_ ? static_cast<std::uint32_t>(current_task_->task_id_) : 0;
}

// Decide what runs next, running plain callbacks inline on the current fiber. Returns the fiber
// that must run: `self` when the current fiber's own turn has come (its task's step, the end of
// its run, the end of the host's slice), another fiber otherwise.
Loop::Next Loop::schedule(Fiber* self) {
  for (;;) {
    Driver* driver = Driver::active();
    if (driver && driver->slice_should_end()) {
      trace_->flush();  // the host may read the trace, and time passes before the next step
      return {&driver->host_fiber(), true};
    }
    if (iteration_remaining_ == 0) {
      if (run_should_end()) return {runner_, false};
      switch (begin_iteration()) {
        case IterationStart::Started: continue;
        case IterationStart::MustYield:  // (its Poll record has released what the trace held)
          if (!timers_.empty()) driver->end_slice(SliceResult{SliceResult::End::WaitTimer, timers_.front().when});
          else driver->end_slice(SliceResult{SliceResult::End::WaitExternal, 0});
          return {&driver->host_fiber(), true};
        case IterationStart::Deadlock:
          run_error_ = std::make_exception_ptr(RuntimeError(
              "the event loop can never wake up again: no task is ready, no timer is scheduled and no I/O is "
              "pending (a task awaits something that nothing will complete)"));
          return {runner_, false};
      }
    }
    ReadyItem item = ready_.front();
    ready_.pop_front();
    --iteration_remaining_;
    if (!item.task) {
      detail::HandleRef owned(item.handle);
      detail::release(item.handle);  // the queue's reference now lives in `owned`
      run_callback(*item.handle);
      continue;
    }
    TaskState& task = *item.task;
    start_step(task);
    if (!task.fiber_) {
      if (task.must_cancel_) {
        // asyncio throws CancelledError into a coroutine that never started: its body never runs.
        task.must_cancel_ = false;
        task.set_cancelled_exception(std::make_exception_ptr(
            task.must_cancel_message_ ? CancelledError(*task.must_cancel_message_) : CancelledError()));
        task.cancel_as_future(std::nullopt);
        finish_task(task);
        continue;
      }
      task.fiber_ = std::make_unique<Fiber>(&TaskState::fiber_main, &task, task.stack_size_);
    }
    (void)self;
    return {task.fiber_.get(), false};
  }
}

void Loop::dispatch_from_host() {
  // Whatever resumes the host's fiber next ends the slice, possibly after the program, and this
  // loop with it, are gone (the program fiber returns to the host when it ends): so nothing here
  // touches the loop after the switch; drive() finishes the arrival through Loop::running().
  Fiber& self = Fiber::current();
  Next next = schedule(&self);
  if (next.fiber == &self) return;
  Fiber::Backend::switch_to(self, *next.fiber);
}

// The fiber of a task that just finished picks its successor; it is never resumed.
Fiber* Loop::exit_fiber() {
  if (closer_) return closer_;
  Next next = schedule(nullptr);
  // A parked exit leaves nothing to resume: the host dispatches by itself on the next drive().
  return next.fiber;
}

void Loop::finish_task(TaskState& task) {
  task.phase_ = TaskPhase::Done;
  if (options_.debug && now() - debug_step_start_ >= seconds_to_nanos(slow_callback_duration_))
    report_slow(task.repr(), debug_step_start_);
  if (Driver* driver = Driver::active()) driver->step_ended();
  if (tracing()) {
    auto id = static_cast<std::uint32_t>(task.task_id_);
    StepEndReason reason = task.cancelled() ? StepEndReason::Cancelled : StepEndReason::Done;
    if (!task.cancelled() && task.exception_) {
      reason = StepEndReason::Failed;
      record(TraceKind::ExceptionRaised, id, 0, trace_->intern(describe_exception(task.exception_).repr));
    }
    trace_->record_step_end(now(), id, reason);
  }
  if (current_task_ == &task) current_task_ = nullptr;
  unregister_task(task);
  // The finished fiber may still be running (we are on it): keep the task alive until we leave.
  if (task.fiber_) zombies_.push_back(std::move(task.self_ref_));
  else task.self_ref_.reset();
}

// ---------------------------------------------------------------- the task side

void Loop::register_task(const std::shared_ptr<TaskState>& task) {
  task->self_ref_ = task;
  task->prev_pending_ = pending_tail_;
  if (pending_tail_) pending_tail_->next_pending_ = task.get();
  else pending_head_ = task.get();
  pending_tail_ = task.get();
  if (tracing()) record(TraceKind::TaskCreated, static_cast<std::uint32_t>(task->task_id_), current_task_id(), trace_->intern(task->name()));
  // asyncio: Task.__init__ ends with loop.call_soon(self.__step)
  task->phase_ = TaskPhase::Ready;
  ready_.push_back({task.get(), nullptr});
}

void Loop::unregister_task(TaskState& task) {
  if (task.prev_pending_) task.prev_pending_->next_pending_ = task.next_pending_;
  else if (pending_head_ == &task) pending_head_ = task.next_pending_;
  if (task.next_pending_) task.next_pending_->prev_pending_ = task.prev_pending_;
  else if (pending_tail_ == &task) pending_tail_ = task.prev_pending_;
  task.prev_pending_ = task.next_pending_ = nullptr;
}

std::vector<AnyTask> Loop::all_tasks() const {
  std::vector<AnyTask> out;
  for (TaskState* t = pending_head_; t; t = t->next_pending_) {
    if (!t->done()) out.emplace_back(std::static_pointer_cast<TaskState>(t->shared_from_this()));
  }
  return out;
}

AnyTask Loop::current_task() const {
  if (!current_task_) return AnyTask();
  return AnyTask(std::static_pointer_cast<TaskState>(current_task_->shared_from_this()));
}

void Loop::schedule_wakeup(TaskState& task) {
  record(TraceKind::Wake, static_cast<std::uint32_t>(task.task_id_), current_task_id(),
         task.fut_waiter_ ? static_cast<std::int64_t>(task.fut_waiter_->id()) : 0);
  task.phase_ = TaskPhase::Ready;
  ready_.push_back({&task, nullptr});
}

void Loop::report_slow_step(TaskState& task) {
  if (now() - debug_step_start_ >= seconds_to_nanos(slow_callback_duration_)) report_slow(task.repr(), debug_step_start_);
}

// The rare outcomes of asyncio's Task.__step when the task resumes (after_resume() in loop.hpp
// checks for them): the loop is being destroyed, or CancelledError must be raised.
void Loop::resume_cancelled(TaskState& task, FutureState* waited) {
  if (task.closing_) {
    if (waited) waited->remove_waiter(task);
    throw detail::TaskClosed{};
  }
  if (waited && waited->cancelled()) record(TraceKind::CancelDelivered, static_cast<std::uint32_t>(task.task_id_));
  if (task.must_cancel_) {
    task.must_cancel_ = false;
    // asyncio keeps the CancelledError it woke with (and its message) over a new one.
    if (waited && waited->cancelled()) return;
    record(TraceKind::CancelDelivered, static_cast<std::uint32_t>(task.task_id_));
    if (task.must_cancel_message_) throw CancelledError(*task.must_cancel_message_);
    throw CancelledError();
  }
}

// await_state() (loop.hpp) up to the suspension: returns the task that suspends.
TaskState* Loop::begin_await(FutureState& future) {
  TaskState* task = current_task_;
  if (!task) throw RuntimeError("await() used outside a task: there is no current task to suspend");
  if (task->closing_) throw detail::TaskClosed{};
  if (&future == task) throw RuntimeError("Task cannot await on itself: " + task->repr());
  if (&future.loop() != this) throw RuntimeError("Task " + task->repr() + " got Future " + future.repr() + " attached to a different loop");
  future.add_waiter(*task);
  task->fut_waiter_ = &future;
  if (tracing()) {
    WaitKind kind = future.wait_kind();
    std::uint32_t label = future.wait_label();
    if (future.kind() == FutureState::Kind::Task && kind == WaitKind::Future) {
      kind = WaitKind::Task;
      label = trace_->intern(static_cast<TaskState&>(future).name());
    } else if (future.kind() == FutureState::Kind::Gather && kind == WaitKind::Future) {
      kind = WaitKind::Gather;
    }
    record(TraceKind::Wait, static_cast<std::uint32_t>(task->task_id_), future.wait_object(), label,
           static_cast<std::uint8_t>(kind));
  }
  if (task->must_cancel_) {
    // the task was cancelled while running: what it now waits on is cancelled at once
    if (future.cancel(task->must_cancel_message_)) task->must_cancel_ = false;
  }
  return task;
}

void Loop::refuse_yield() const {
  if (!current_task_) throw RuntimeError("sleep(0) used outside a task: there is no current task to suspend");
  throw detail::TaskClosed{};
}

// ---------------------------------------------------------------- errors

void Loop::set_exception_handler(std::function<void(Loop&, const ExceptionContext&)> handler) {
  exception_handler_ = std::move(handler);
}

void Loop::call_exception_handler(const ExceptionContext& context) {
  if (!exception_handler_) {
    default_exception_handler(context);
    return;
  }
  try {
    exception_handler_(*this, context);
  } catch (...) {
    ExceptionContext failure;
    failure.message = "Unhandled error in exception handler";
    failure.exception = std::current_exception();
    default_exception_handler(failure);
  }
}

void Loop::default_exception_handler(const ExceptionContext& context) {
  std::string text = context.message.empty() ? "Unhandled exception in event loop" : context.message;
  if (tracing()) record(TraceKind::Warning, current_task_id(), 0, trace_->intern(text));
  if (!context.details.empty()) text += "\n" + context.details;
  text += "\n";
  if (context.exception) text += describe_exception(context.exception).traceback;
  error_output_(text);
}

}  // namespace loopscope
