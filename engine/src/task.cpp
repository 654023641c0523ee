#include "loopscope/task.hpp"

#include "loopscope/loop.hpp"

namespace loopscope {

namespace {
thread_local std::uint64_t task_name_counter = 0;
}

namespace detail {
void reset_task_counter() { task_name_counter = 0; }
std::uint64_t& task_counter() { return task_name_counter; }
}  // namespace detail

TaskState::TaskState(Loop& loop, TaskOptions options)
    : FutureState(loop, Kind::Task),
      name_(options.name.empty() ? "Task-" + std::to_string(++task_name_counter) : std::move(options.name)),
      coro_(options.coro.empty() ? "coroutine" : std::move(options.coro)),
      stack_size_(options.stack_size ? options.stack_size : loop.default_stack_size()),
      task_id_(id()) {}

TaskState::~TaskState() { log_if_never_retrieved("Task exception was never retrieved"); }

bool TaskState::cancel(std::optional<std::string> message) {
  log_traceback_ = false;
  if (done()) return false;
  ++num_cancels_requested_;
  Loop& l = loop();
  if (l.tracing()) {
    l.record(TraceKind::CancelRequested, static_cast<std::uint32_t>(task_id_), l.current_task_id(),
             message ? l.trace().intern(*message) : 0);
  }
  // A waiting task is cancelled through what it waits on: it wakes with CancelledError.
  if (fut_waiter_ && fut_waiter_->cancel(message)) return true;
  // Otherwise its step is already scheduled (or it is running): raise at the next step.
  must_cancel_ = true;
  must_cancel_message_ = std::move(message);
  return true;
}

int TaskState::uncancel() {
  if (num_cancels_requested_ > 0) --num_cancels_requested_;
  return num_cancels_requested_;
}

std::string TaskState::repr() const {
  std::vector<std::string> info = repr_info();
  if (num_cancels_requested_ > 0 && !done()) info[0] = "cancelling";
  info.insert(info.begin() + 1, "name=" + detail::string_repr(name_));
  std::string coro = coro_ + (done() ? " done" : started() ? " running" : "");
  info.insert(info.begin() + 2, "coro=<" + coro + ">");
  if (fut_waiter_) info.insert(info.begin() + 3, "wait_for=" + fut_waiter_->repr());
  std::string out = "<Task";
  for (auto& part : info) out += " " + part;
  return out + ">";
}

Fiber* TaskState::fiber_main(void* self) {
  auto& task = *static_cast<TaskState*>(self);
  Loop& loop = task.loop();
  loop.finish_arrival();
  task.run_to_completion();
  return loop.exit_fiber();
}

// asyncio's Task.__step, for the part that ends the coroutine.
void TaskState::run_to_completion() {
  Loop& l = loop();
  try {
    invoke();
    if (must_cancel_) {
      // cancelled right before returning: the result is dropped
      must_cancel_ = false;
      cancel_as_future(must_cancel_message_);
    } else {
      mark_finished();
    }
  } catch (const CancelledError&) {
    set_cancelled_exception(std::current_exception());
    cancel_as_future(std::nullopt);
  } catch (const detail::TaskClosed&) {
    // the loop is going away; nobody waits for this task any more
  } catch (...) {
    set_exception(std::current_exception());
  }
  l.finish_task(*this);
}

}  // namespace loopscope
