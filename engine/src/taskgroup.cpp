// asyncio.TaskGroup (taskgroups.py of CPython 3.11).
#include "loopscope/taskgroup.hpp"

#include <algorithm>
#include <mutex>

#include "loopscope/timeouts.hpp"

namespace loopscope {

namespace {
std::string group_what(const std::string& message, std::size_t n) {
  return message + " (" + std::to_string(n) + " sub-exception" + (n == 1 ? "" : "s") + ")";
}

// repr(ExceptionGroup('msg', [ValueError('a')])), as Python prints it.
void register_describer() {
  static std::once_flag once;
  std::call_once(once, [] {
    add_exception_describer([](const std::exception_ptr& e) -> std::optional<ExceptionText> {
      try {
        std::rethrow_exception(e);
      } catch (const ExceptionGroup& g) {
        ExceptionText t;
        std::string list;
        for (auto& sub : g.exceptions()) list += (list.empty() ? "" : ", ") + describe_exception(sub).repr;
        t.repr = "ExceptionGroup(" + detail::string_repr(g.message()) + ", [" + list + "])";
        t.traceback = std::string("ExceptionGroup: ") + g.what() + "\n";
        return t;
      } catch (...) {
        return std::nullopt;
      }
    });
  });
}
}  // namespace

ExceptionGroup::ExceptionGroup(std::string message, std::vector<std::exception_ptr> exceptions)
    : Error("ExceptionGroup", group_what(message, exceptions.size())), message_(std::move(message)),
      exceptions_(std::move(exceptions)) {
  register_describer();
}

namespace detail {
struct TaskGroupState {
  Loop* loop = nullptr;
  AnyTask parent;
  std::vector<AnyTask> tasks;  // creation order (asyncio keeps a set)
  std::vector<std::exception_ptr> errors;
  Future<void> on_completed;
  bool entered = false;
  bool exiting = false;
  bool aborting = false;
  bool parent_cancel_requested = false;

  void abort() {
    aborting = true;
    for (auto& t : tasks) {
      if (!t->done()) t->cancel();
    }
  }

  void on_task_done(TaskState& task) {
    tasks.erase(std::remove_if(tasks.begin(), tasks.end(), [&](const AnyTask& t) { return &*t == &task; }), tasks.end());
    if (on_completed && tasks.empty() && !on_completed.done()) on_completed.set_result();
    if (task.cancelled()) return;
    std::exception_ptr exc = task.exception();
    if (!exc) return;
    errors.push_back(exc);
    if (parent->done()) {
      ExceptionContext context;
      context.message = "Task " + task.repr() + " has errored out but its parent task " + parent->repr() +
                        " is already completed";
      context.exception = exc;
      loop->call_exception_handler(context);
      return;
    }
    if (!aborting && !parent_cancel_requested) {
      abort();
      parent_cancel_requested = true;
      parent->cancel();
    }
  }
};
}  // namespace detail

TaskGroup::TaskGroup() : state_(std::make_shared<detail::TaskGroupState>()) {}
TaskGroup::~TaskGroup() = default;

std::string TaskGroup::repr() const {
  std::string info;
  if (!state_->tasks.empty()) info += " tasks=" + std::to_string(state_->tasks.size());
  if (!state_->errors.empty()) info += " errors=" + std::to_string(state_->errors.size());
  if (state_->aborting) info += " cancelling";
  else if (state_->entered) info += " entered";
  return "<TaskGroup" + info + ">";
}

void TaskGroup::enter() {
  if (state_->entered) throw RuntimeError("TaskGroup " + repr() + " has been already entered");
  state_->entered = true;
  state_->loop = &get_running_loop();
  state_->parent = current_task();
  if (!state_->parent) throw RuntimeError("TaskGroup " + repr() + " cannot determine the parent task");
}

void TaskGroup::check_can_create() const {
  if (!state_->entered) throw RuntimeError("TaskGroup " + repr() + " has not been entered");
  if (state_->exiting && state_->tasks.empty()) throw RuntimeError("TaskGroup " + repr() + " is finished");
  if (state_->aborting) throw RuntimeError("TaskGroup " + repr() + " is shutting down");
}

void TaskGroup::adopt(const AnyTask& task) {
  std::weak_ptr<detail::TaskGroupState> weak = state_;
  task->add_done_callback([weak](FutureState& t) {
    if (auto s = weak.lock()) s->on_task_done(static_cast<TaskState&>(t));
  });
  state_->tasks.push_back(task);
}

void TaskGroup::exit(const std::exception_ptr& error) {
  detail::TaskGroupState& s = *state_;
  s.exiting = true;
  const bool cancelled_error = detail::is_cancelled_error(error);
  std::exception_ptr propagate_cancellation = cancelled_error ? error : nullptr;
  if (s.parent_cancel_requested) {
    if (s.parent->uncancel() == 0) propagate_cancellation = nullptr;
  }
  if (error && !s.aborting) s.abort();
  while (!s.tasks.empty()) {
    if (!s.on_completed) {
      s.on_completed = s.loop->create_future<void>();
      s.on_completed.state().set_wait_reason(WaitKind::TaskGroup, 0,
                                             s.loop->tracing() ? s.loop->trace().intern("TaskGroup") : 0);
    }
    try {
      await(s.on_completed);
    } catch (const CancelledError&) {
      if (!s.aborting) {
        propagate_cancellation = std::current_exception();
        s.abort();
      }
    }
    s.on_completed = Future<void>();
  }
  if (propagate_cancellation && s.errors.empty()) std::rethrow_exception(propagate_cancellation);
  if (error && !cancelled_error) s.errors.push_back(error);
  if (!s.errors.empty()) {
    std::vector<std::exception_ptr> errors;
    errors.swap(s.errors);
    throw ExceptionGroup("unhandled errors in a TaskGroup", std::move(errors));
  }
}

}  // namespace loopscope
