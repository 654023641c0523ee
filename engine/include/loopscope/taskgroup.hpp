// asyncio.TaskGroup (taskgroups.py of CPython 3.11) and the ExceptionGroup it raises.
//
// Shape: `async with asyncio.TaskGroup() as g: body` is written
//     task_group([&](TaskGroup& g) { g.create_task(...); ...; });
// The scope is a function rather than an RAII object because leaving a task group *waits* (it
// suspends the task until every child is done) and may *throw* (ExceptionGroup, CancelledError):
// neither is allowed in a destructor, and a destructor cannot see the exception that is leaving
// the scope, which __aexit__ needs. task_group() returns what the body returns.
//
// Rules, as 3.11: the first child failure cancels the siblings and the parent task (the parent's
// cancellation is withdrawn with uncancel() on exit); exit raises ExceptionGroup("unhandled errors
// in a TaskGroup", [every failure, then the body's own error]); cancelling the parent cancels
// the children, and CancelledError propagates only when there is no error to report.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loopscope/errors.hpp"
#include "loopscope/tasks.hpp"

namespace loopscope {

// Python's ExceptionGroup: a message and the sub-exceptions, each kept as thrown.
class ExceptionGroup : public Error {
 public:
  ExceptionGroup(std::string message, std::vector<std::exception_ptr> exceptions);
  const std::string& message() const { return message_; }
  const std::vector<std::exception_ptr>& exceptions() const { return exceptions_; }

 private:
  std::string message_;
  std::vector<std::exception_ptr> exceptions_;
};

namespace detail {
struct TaskGroupState;
}

class TaskGroup {
 public:
  TaskGroup();
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // Starts `fn` as a child task. RuntimeError if the group has not been entered, is finished, or
  // is shutting down (a child failed).
  template <class F>
  auto create_task(F&& fn, TaskOptions options = {}) {
    check_can_create();
    auto task = get_running_loop().create_task(std::forward<F>(fn), std::move(options));
    adopt(AnyTask(task));
    return task;
  }
  template <class F>
  auto create_task(F&& fn, std::string name) {
    TaskOptions options;
    options.name = std::move(name);
    return create_task(std::forward<F>(fn), std::move(options));
  }
  std::string repr() const;  // <TaskGroup tasks=2 entered>

  // __aenter__ / __aexit__ (task_group() calls these): exit waits for the children and throws
  // what leaves the scope; it returns normally only when nothing needs raising.
  void enter();
  void exit(const std::exception_ptr& error);

 private:
  void check_can_create() const;
  void adopt(const AnyTask& task);
  std::shared_ptr<detail::TaskGroupState> state_;
};

template <class F>
auto task_group(F&& body) {
  TaskGroup g;
  g.enter();
  using R = std::invoke_result_t<F&, TaskGroup&>;
  std::exception_ptr error;
  if constexpr (std::is_void_v<R>) {
    try {
      body(g);
    } catch (...) {
      error = std::current_exception();
    }
    g.exit(error);
    if (error) std::rethrow_exception(error);
  } else {
    std::optional<R> result;
    try {
      result.emplace(body(g));
    } catch (...) {
      error = std::current_exception();
    }
    g.exit(error);
    if (error) std::rethrow_exception(error);
    return std::move(*result);
  }
}

}  // namespace loopscope
