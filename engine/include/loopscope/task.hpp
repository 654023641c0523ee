// asyncio.Task: a future that runs a function on its own stackful fiber.
//
// The function is the "coroutine": inside it, await(future) suspends the fiber until the future
// is done, so a task can await from any depth of ordinary calls. Semantics follow CPython 3.11's
// Task (__step, __wakeup, cancel, cancelling/uncancel), see docs/architecture.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "loopscope/fiber.hpp"
#include "loopscope/future.hpp"

namespace loopscope {

struct TaskOptions {
  std::string name;              // default: Task-N, numbered per thread as asyncio numbers them
  std::size_t stack_size = 0;    // 0: the loop's default (LoopOptions::stack_size)
  std::string coro;              // how the "coroutine" shows in repr (asyncio: coro=<main()>)
};

// What a task is doing, as the trace and the timeline show it.
enum class TaskPhase : std::uint8_t { Pending, Ready, Running, Waiting, Done };

class TaskState : public FutureState {
 public:
  TaskState(Loop& loop, TaskOptions options);
  ~TaskState() override;

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  const std::string& coro() const { return coro_; }

  // Task.cancel(msg): request that CancelledError be raised in the task at its next suspension
  // point (or now, if it is waiting). Returns false if the task is already done.
  bool cancel(std::optional<std::string> message = std::nullopt) override;
  int cancelling() const { return num_cancels_requested_; }
  int uncancel();

  TaskPhase phase() const { return phase_; }
  // The future this task waits on while suspended (asyncio's _fut_waiter), or null.
  FutureState* waiting_on() const { return fut_waiter_; }
  std::uint64_t task_id() const { return task_id_; }
  std::size_t stack_size() const { return stack_size_; }
  bool started() const { return static_cast<bool>(fiber_); }

  std::string repr() const override;

 protected:
  // Runs the task's function on its fiber; stores the value in the typed slot.
  virtual void invoke() = 0;

 private:
  friend class Loop;
  static Fiber* fiber_main(void* self);
  void run_to_completion();

  std::string name_;
  std::string coro_;
  std::unique_ptr<Fiber> fiber_;
  std::shared_ptr<TaskState> self_ref_;  // the loop's strong reference while the task is pending
  FutureState* fut_waiter_ = nullptr;
  std::optional<std::string> must_cancel_message_;
  TaskState* prev_pending_ = nullptr;    // the loop's list of pending tasks, in creation order
  TaskState* next_pending_ = nullptr;
  std::size_t stack_size_;
  std::uint64_t task_id_;
  int num_cancels_requested_ = 0;
  TaskPhase phase_ = TaskPhase::Pending;
  bool must_cancel_ = false;
  bool closing_ = false;  // the loop is being destroyed: unwind instead of resuming normally
};

namespace detail {
template <class T, class F>
class TaskImpl final : public TaskState, public ValueSlot<T> {
 public:
  TaskImpl(Loop& loop, TaskOptions options, F fn) : TaskState(loop, std::move(options)), fn_(std::move(fn)) {}
  std::string result_repr() const override {
    if constexpr (std::is_void_v<T>) return "None";
    else return value_repr(this->value);
  }

 private:
  void invoke() override {
    if constexpr (std::is_void_v<T>) fn_();
    else this->value.emplace(fn_());
  }
  F fn_;
};
}  // namespace detail

template <class T>
class Task : public Future<T> {
 public:
  Task() = default;
  Task(std::shared_ptr<FutureState> state, detail::ValueSlot<T>* slot) : Future<T>(std::move(state), slot) {}
  TaskState& task() const { return static_cast<TaskState&>(this->state()); }
  const std::string& get_name() const { return task().name(); }
  void set_name(std::string name) const { task().set_name(std::move(name)); }
  int cancelling() const { return task().cancelling(); }
  int uncancel() const { return task().uncancel(); }
};

// An untyped handle to a task (current_task(), all_tasks()).
class AnyTask {
 public:
  AnyTask() = default;
  explicit AnyTask(std::shared_ptr<TaskState> state) : state_(std::move(state)) {}
  template <class T>
  AnyTask(const Task<T>& t) : state_(std::static_pointer_cast<TaskState>(t.shared_state())) {}
  TaskState* operator->() const { return state_.get(); }
  TaskState& operator*() const { return *state_; }
  explicit operator bool() const { return static_cast<bool>(state_); }
  bool operator==(const AnyTask& o) const { return state_ == o.state_; }
  const std::shared_ptr<TaskState>& shared_state() const { return state_; }

 private:
  std::shared_ptr<TaskState> state_;
};

namespace detail {
// Thrown into a pending task's fiber when its loop is destroyed (Python closes the coroutine
// with GeneratorExit): cleanup code runs, then the fiber ends. Not an error anyone reports.
struct TaskClosed {};
// Restarts Task-N numbering (asyncio numbers tasks per process; tests want a clean slate).
void reset_task_counter();
// The counter itself: a driver keeps its program's numbering apart from other programs'.
std::uint64_t& task_counter();
}  // namespace detail

}  // namespace loopscope
