// The event loop: asyncio's BaseEventLoop on stackful fibers.
//
// One iteration (run_once) goes through asyncio's phases, numbered as in docs/architecture.md:
//   1. drop cancelled timers from the head of the heap (or rebuild it when most are cancelled)
//   2. compute the timeout: 0 if anything is ready or the loop is stopping, else until the
//      earliest timer, else unbounded
//   3. poll the host with that timeout (outside events become ready callbacks)
//   4. move every timer whose deadline has come to the ready queue, in (deadline, sequence) order
//   5. run exactly the callbacks that were ready at this point; what they schedule waits for the
//      next iteration
// A task's step is one of those callbacks: running it means switching to the task's fiber. The
// fiber that suspends goes on running phase 5 itself and switches straight to the next task.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "loopscope/clock.hpp"
#include "loopscope/detail/fiber_switch.hpp"
#include "loopscope/detail/ring_queue.hpp"
#include "loopscope/driver.hpp"
#include "loopscope/fiber.hpp"
#include "loopscope/future.hpp"
#include "loopscope/handle.hpp"
#include "loopscope/host.hpp"
#include "loopscope/http.hpp"
#include "loopscope/task.hpp"
#include "loopscope/trace.hpp"

namespace loopscope {

class Loop;
class Executor;
namespace detail {
// __thread, not thread_local: a plain pointer needs no TLS wrapper call on every access.
extern __thread Loop* running_loop;
}

struct LoopOptions {
  enum class ClockKind { Real, Virtual };
  ClockKind clock = ClockKind::Real;
  double speed = 1.0;  // real clock only
#if defined(LOOPSCOPE_SANITIZED)
  std::size_t stack_size = 512 * 1024;  // sanitizers need far more stack per frame
#else
  std::size_t stack_size = 64 * 1024;   // default for tasks; TaskOptions can override
#endif
  bool debug = false;
  // A program that creates several loops (asyncio.run twice, new_event_loop) shares one clock
  // and one trace between them, so time never runs backwards and ids never repeat in its trace.
  std::shared_ptr<Clock> shared_clock;
  std::shared_ptr<Trace> shared_trace;
  // How tasks' HTTP requests go out (default: a fresh simulated network per loop).
  std::shared_ptr<HttpTransport> http;
};

// asyncio's exception handler context: message, and the exception if there is one.
struct ExceptionContext {
  std::string message;
  std::exception_ptr exception;
  std::string details;  // extra "key: value" lines (future: <Task ...>)
};


class Loop {
 public:
  explicit Loop(LoopOptions options = {});
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // ---- time
  double time() const { return nanos_to_seconds(now()); }
  Nanos now() const { return virtual_now_ ? *virtual_now_ : clock_->now(); }
  Clock& clock() { return *clock_; }

  // ---- callbacks
  Handle call_soon(std::function<void()> callback);
  Handle call_later(double delay, std::function<void()> callback);
  Handle call_at(double when, std::function<void()> callback);
  Handle call_at_nanos(Nanos when, std::function<void()> callback);
  // May be called from any thread; wakes the loop if it is waiting.
  void call_soon_threadsafe(std::function<void()> callback);

  // ---- running
  void run_forever();
  // Runs one iteration (all five phases), waiting in phase 3 if nothing is ready.
  void run_once();
  template <class T>
  T run_until_complete(const Future<T>& future);
  template <class F, class = std::enable_if_t<std::is_invocable_v<F>>>
  auto run_until_complete(F&& fn) {
    return run_until_complete(create_task(std::forward<F>(fn)));
  }
  void stop() { stopping_ = true; }
  void close();
  bool is_running() const { return running_; }
  bool is_closed() const { return closed_; }
  bool get_debug() const { return options_.debug; }
  void set_debug(bool on) { options_.debug = on; }
  // Debug mode warns about task steps and callbacks that held the loop at least this long.
  double slow_callback_duration() const { return slow_callback_duration_; }
  void set_slow_callback_duration(double seconds) { slow_callback_duration_ = seconds; }

  // ---- blocking calls made on the loop (time.sleep in a coroutine): the loop, and the task that
  // made the call, hold still for `duration`. Real clock: a real sleep; virtual clock: a jump.
  void block_for(Nanos duration);

  // ---- the default executor (see executor.hpp, which defines run_in_executor)
  template <class F>
  auto run_in_executor(F&& fn);
  Executor& default_executor();
  void set_default_executor(std::shared_ptr<Executor> executor);
  // asyncio's loop.shutdown_default_executor(): waits for outstanding jobs, then joins workers.
  // Awaits when called from a task, else runs the loop until done.
  void shutdown_default_executor();

  // ---- tasks and futures
  template <class F>
  auto create_task(F&& fn, TaskOptions options = {});
  template <class T = void>
  Future<T> create_future();
  std::vector<AnyTask> all_tasks() const;  // pending tasks, in creation order
  AnyTask current_task() const;
  TaskState* current_task_state() const { return current_task_; }

  // ---- the trace (off by default; see trace.hpp and docs/trace.md)
  Trace& trace() { return *trace_; }
  const Trace& trace() const { return *trace_; }
  bool tracing() const { return trace_->enabled(); }
  void record(TraceKind kind, std::uint32_t task, std::uint64_t object = 0, std::int64_t arg = 0, std::uint8_t detail = 0) {
    if (trace_->enabled()) trace_->record(now(), kind, task, object, arg, detail);
  }
  // The current task's trace id (0 outside tasks).
  std::uint32_t current_task_id() const;

  // ---- errors
  void set_exception_handler(std::function<void(Loop&, const ExceptionContext&)> handler);
  void call_exception_handler(const ExceptionContext& context);
  void default_exception_handler(const ExceptionContext& context);
  // Where asyncio's logged messages go (default: stderr).
  void set_error_output(std::function<void(const std::string&)> write) { error_output_ = std::move(write); }

  // ---- the running loop of this thread (asyncio.get_running_loop)
  static Loop* running() { return detail::running_loop; }
  static Loop& get_running() {  // RuntimeError("no running event loop") if none
    if (Loop* l = detail::running_loop) return *l;
    throw_no_running_loop();
  }

  // ---- hosts
  void set_host(std::unique_ptr<Host> host);
  // Outside work that will finish through call_soon_threadsafe (executor jobs, host I/O): while
  // any is outstanding, an empty loop waits for it instead of reporting a deadlock.
  void begin_external_work() { ++external_work_; }
  void end_external_work() { --external_work_; }
  int external_work() const { return external_work_; }
  // Blocks (BlockingHost) until call_soon_threadsafe delivers something or `timeout` passes.
  void wait_for_threadsafe(Nanos real_timeout);

  // ---- HTTP (see http.hpp): a simulated network unless the host installs another transport
  HttpTransport& http();
  void set_http(std::shared_ptr<HttpTransport> transport) { http_ = std::move(transport); }

  // Driven by a host that must not block (see driver.hpp)?
  static bool is_driven() { return Driver::active() != nullptr; }

  // ---- internals shared with tasks and futures
  // Inline (below the class): the switch to the next task happens in the caller's own frame.
  void await_state(FutureState& future);  // suspend the current task until `future` is done
  void yield_now();                       // sleep(0): let everything else that is ready run
  void schedule_wakeup(TaskState& task);
  // Ids of futures, tasks and primitives: counted by the trace, so they are unique in it.
  std::uint64_t next_future_id() { return trace_->next_id(); }
  const std::shared_ptr<detail::LoopLife>& life() const { return life_; }
  void register_task(const std::shared_ptr<TaskState>& task);
  void unregister_task(TaskState& task);
  void check_closed() const;
  std::size_t ready_count() const { return ready_.size(); }
  std::size_t timer_count() const { return timers_.size(); }
  std::uint64_t iteration() const { return iteration_; }
  std::size_t default_stack_size() const { return options_.stack_size; }

 private:
  friend class TaskState;
  // Trivially copyable on purpose: the ready queue is the hottest structure of the loop.
  struct ReadyItem {
    TaskState* task;                 // a task step (asyncio: Task.__step/__wakeup), or
    detail::HandleState* handle;     // a callback; the queue owns one reference
  };
  struct TimerEntry {
    Nanos when;
    std::uint64_t sequence;
    detail::HandleRef handle;
  };
  struct TimerLater {
    bool operator()(const TimerEntry& a, const TimerEntry& b) const {
      return a.when != b.when ? a.when > b.when : a.sequence > b.sequence;
    }
  };
  struct Next {
    Fiber* fiber;
    bool park;  // the current fiber yields to the host and is resumed by the next drive()
  };
  enum class IterationStart { Started, MustYield, Deadlock };

  [[noreturn]] static void throw_no_running_loop();
  void check_runnable() const;
  void enter_run();
  void leave_run();
  void dispatch();
  Next schedule(Fiber* self);
  // A step that just ended and is not in the trace yet (task 0: none), so that the next step's
  // start can be recorded with it as one Switch record.
  struct EndedStep {
    std::uint32_t task = 0;
    StepEndReason reason = StepEndReason::Waiting;
  };
  void dispatch(EndedStep ended);
  // The out-of-line parts of the hot path (loop.cpp).
  TaskState* begin_await(FutureState& future);  // checks, registers the waiter, traces the wait
  [[noreturn]] void refuse_yield() const;        // sleep(0) outside a task, or in a closing one
  void resume_cancelled(TaskState& task, FutureState* waited);
  void report_slow_step(TaskState& task);        // debug mode
  Fiber* exit_fiber();
  IterationStart begin_iteration();
  void drop_cancelled_timers();
  Nanos compute_timeout() const;
  void move_due_timers();
  void drain_threadsafe();
  void run_callback(detail::HandleState& handle);
  void push_ready_handle(detail::HandleState* handle) {
    detail::retain(handle);
    ready_.push_back({nullptr, handle});
  }
  void clear_ready();
  void start_step(TaskState& task);
  void start_step(TaskState& task, EndedStep ended);
  void after_resume(TaskState& task);
  void suspend_current(TaskPhase phase);
  friend class Driver;
 public:
  // Releases tasks that finished on the fiber we just left (called after every switch).
  void finish_arrival() { zombies_.clear(); }
  // The driver's own fiber goes on with the loop's work when no other fiber was parked.
  void dispatch_from_host();
 private:
  void finish_task(TaskState& task);
  bool run_should_end() const;
  void destroy_pending_tasks();
  void timer_cancelled(detail::HandleState& handle);
  void report_slow(const std::string& what, Nanos started);  // debug mode only
  friend class Handle;

  LoopOptions options_;
  std::shared_ptr<Clock> clock_;
  const Nanos* virtual_now_ = nullptr;  // set when clock_ is a VirtualClock
  std::unique_ptr<Host> host_;
  std::shared_ptr<HttpTransport> http_;
  std::shared_ptr<detail::LoopLife> life_;
  detail::RingQueue<ReadyItem> ready_;
  std::vector<TimerEntry> timers_;  // binary min-heap on (when, sequence)
  std::size_t timer_cancelled_count_ = 0;
  std::size_t iteration_remaining_ = 0;  // ready items left in the current iteration's phase 5
  std::uint64_t iteration_ = 0;
  std::uint64_t timer_sequence_ = 0;
  std::uint64_t handle_ids_ = 0;

  // Running state: the fiber that called run_forever/run_once gets control back when it ends.
  Fiber* runner_ = nullptr;
  bool running_ = false;
  bool stopping_ = false;
  bool closed_ = false;
  bool one_iteration_ = false;
  std::uint64_t iterations_in_run_ = 0;
  std::exception_ptr run_error_;

  TaskState* current_task_ = nullptr;
  TaskState* pending_head_ = nullptr;  // pending tasks, creation order
  TaskState* pending_tail_ = nullptr;
  std::vector<std::shared_ptr<TaskState>> zombies_;  // finished tasks whose fiber we may still be on
  Fiber* closer_ = nullptr;            // the fiber unwinding pending tasks in ~Loop


  // call_soon_threadsafe.
  std::mutex threadsafe_mutex_;
  std::condition_variable threadsafe_cv_;
  std::vector<std::function<void()>> threadsafe_;
  std::atomic<bool> threadsafe_pending_{false};  // lets phase 3 skip the lock when nothing came
  int external_work_ = 0;

  std::shared_ptr<Trace> trace_;
  std::function<void(Loop&, const ExceptionContext&)> exception_handler_;
  std::function<void(const std::string&)> error_output_;
  std::shared_ptr<Executor> default_executor_;
  double slow_callback_duration_ = 0.1;
  Nanos debug_step_start_ = 0;  // debug mode: when the running step or callback began
};

// ---- template definitions

template <class F>
auto Loop::create_task(F&& fn, TaskOptions options) {
  using R = std::invoke_result_t<std::decay_t<F>&>;
  check_closed();
  auto state = std::make_shared<detail::TaskImpl<R, std::decay_t<F>>>(*this, std::move(options), std::forward<F>(fn));
  register_task(state);
  return Task<R>(state, static_cast<detail::ValueSlot<R>*>(state.get()));
}

template <class T>
Future<T> Loop::create_future() {
  auto state = std::make_shared<FutureStateT<T>>(*this);
  return Future<T>(state, static_cast<detail::ValueSlot<T>*>(state.get()));
}

template <class T>
T Loop::run_until_complete(const Future<T>& future) {
  check_runnable();
  if (&future.loop() != this) throw ValueError("The future belongs to a different loop than the one specified as the loop argument");
  // asyncio: a done callback stops the loop, so the iteration that completes it still finishes.
  auto id = future.add_done_callback([](FutureState& f) { f.loop().stop(); });
  try {
    run_forever();
  } catch (...) {
    future.remove_done_callback(id);
    throw;
  }
  future.remove_done_callback(id);
  if (!future.done()) throw RuntimeError("Event loop stopped before Future completed.");
  if constexpr (std::is_void_v<T>) future.result();
  else return T(future.result());
}

// ---- the hot path: from a task's code to the switch, inline (see detail/fiber_switch.hpp)

LOOPSCOPE_HOT_INLINE void Loop::start_step(TaskState& task, EndedStep ended) {
  current_task_ = &task;
  task.phase_ = TaskPhase::Running;
  if (options_.debug) debug_step_start_ = now();
  if (trace_->enabled()) {
    // A direct hand-over from the step that just ended is one Switch record (trace.hpp).
    const auto id = static_cast<std::uint32_t>(task.task_id_);
    const bool first = !task.fiber_;
    if (ended.task) trace_->record_switch(now(), ended.task, ended.reason, id, first);
    else if (!trace_->fold_step_start(id, first)) trace_->record(now(), TraceKind::StepStart, id, 0, 0, first ? 1 : 0);
  }
}

LOOPSCOPE_HOT_INLINE void Loop::start_step(TaskState& task) { start_step(task, EndedStep{}); }

LOOPSCOPE_HOT_INLINE void Loop::dispatch() { dispatch(EndedStep{}); }

// Runs phase 5 on the current fiber until it is this fiber's turn again (see schedule()).
LOOPSCOPE_HOT_INLINE void Loop::dispatch(EndedStep ended) {
  Fiber& self = Fiber::current();
  // Fast path for the common case, mid-iteration with another started task next in line: what
  // schedule() would do, without its bookkeeping for hosts, boundaries and callbacks.
  if (iteration_remaining_ > 0 && !Driver::active()) {
    ReadyItem item = ready_.front();
    if (item.task && item.task->fiber_ && item.task->fiber_.get() != &self) {
      ready_.pop_front();
      --iteration_remaining_;
      start_step(*item.task, ended);
      Fiber::Backend::switch_to(self, *item.task->fiber_);
      finish_arrival();
      return;
    }
  }
  // The trace holds this StepEnd back until it sees what comes next (Trace::record_step_end).
  if (ended.task && trace_->enabled()) trace_->record_step_end(now(), ended.task, ended.reason);
  for (;;) {
    Next next = schedule(&self);
    if (next.fiber == &self) return;
    if (next.park) Driver::active()->park(self);
    Fiber::Backend::switch_to(self, *next.fiber);
    finish_arrival();
    if (!next.park) return;
    // the host resumed us to go on dispatching
  }
}

LOOPSCOPE_HOT_INLINE void Loop::suspend_current(TaskPhase phase) {
  TaskState* task = current_task_;
  task->phase_ = phase;
  if (Driver* driver = Driver::active()) driver->step_ended();
  EndedStep ended{static_cast<std::uint32_t>(task->task_id_),
                  phase == TaskPhase::Ready ? StepEndReason::Ready : StepEndReason::Waiting};
  if (options_.debug) {
    // the slow-step warning comes after the step's end in the trace
    if (trace_->enabled()) trace_->record_step_end(now(), ended.task, ended.reason);
    ended.task = 0;
    report_slow_step(*task);
  }
  current_task_ = nullptr;
  dispatch(ended);
  assert(current_task_ == task);
}

// What asyncio's Task.__step does first when the task resumes.
LOOPSCOPE_HOT_INLINE void Loop::after_resume(TaskState& task) {
  FutureState* waited = task.fut_waiter_;
  task.fut_waiter_ = nullptr;
  if (task.closing_ || task.must_cancel_ || (waited && waited->cancelled())) resume_cancelled(task, waited);
}

LOOPSCOPE_HOT_INLINE void Loop::await_state(FutureState& future) {
  TaskState* task = begin_await(future);
  suspend_current(TaskPhase::Waiting);
  after_resume(*task);
}

LOOPSCOPE_HOT_INLINE void Loop::yield_now() {
  TaskState* task = current_task_;
  if (!task || task->closing_) refuse_yield();
  // asyncio's bare `yield`: Task.__step reschedules itself with call_soon.
  task->phase_ = TaskPhase::Ready;
  ready_.push_back({task, nullptr});
  suspend_current(TaskPhase::Ready);
  after_resume(*task);
}

}  // namespace loopscope
