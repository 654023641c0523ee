// The coroutine-side API (asyncio's tasks.py): await, sleep, gather, current_task, run.
// All of these act on the running loop of the calling thread.
#pragma once

#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "loopscope/loop.hpp"

namespace loopscope {

// `await future`: suspends the calling task's fiber until the future is done, then returns its
// result or throws its exception (CancelledError if it was cancelled, or if this task is
// cancelled meanwhile). A future that is already done returns at once, without yielding.
template <class T>
T await(const Future<T>& future) {
  if (!future.done()) future.loop().await_state(future.state());
  if constexpr (std::is_void_v<T>) future.result();
  else return T(future.result());
}

inline Loop& get_running_loop() { return Loop::get_running(); }

// asyncio.create_task(fn, name=...)
template <class F>
auto create_task(F&& fn, TaskOptions options = {}) {
  return get_running_loop().create_task(std::forward<F>(fn), std::move(options));
}
template <class F>
auto create_task(F&& fn, std::string name) {
  TaskOptions options;
  options.name = std::move(name);
  return create_task(std::forward<F>(fn), std::move(options));
}

// asyncio.sleep(delay): sleep(0) yields once to everything else that is ready.
// sleep(0) is inline down to the fiber switch (see Loop::yield_now in loop.hpp): no call level
// between the task's code and the switch, so no mispredicted return after it.
void sleep_for(double delay);
LOOPSCOPE_HOT_INLINE void sleep(double delay) {
  if (delay > 0) sleep_for(delay);
  else Loop::get_running().yield_now();
}
// An exact match for integer literals, so `using namespace loopscope; sleep(1);` does not
// collide with POSIX ::sleep(unsigned).
LOOPSCOPE_HOT_INLINE void sleep(int delay) { sleep(static_cast<double>(delay)); }

AnyTask current_task();
std::vector<AnyTask> all_tasks();

// asyncio.ensure_future: a future stays as it is; a callable becomes a task.
template <class X>
auto ensure_future(X&& x) {
  if constexpr (std::is_invocable_v<std::decay_t<X>&>) return create_task(std::forward<X>(x));
  else return std::decay_t<X>(std::forward<X>(x));
}

// ---- gather

// One child's outcome when gathering with return_exceptions (asyncio puts the exception object
// in the result list; here it is an explicit value-or-error).
template <class T>
struct Outcome {
  std::conditional_t<std::is_void_v<T>, Unit, std::optional<T>> value;
  std::exception_ptr error;  // non-null if the child raised or was cancelled
  bool ok() const { return !error; }
};

namespace detail {
// The untyped part of asyncio's _GatheringFuture: counts finished children, fails fast on the
// first exception (unless return_exceptions), cancels its children when cancelled.
class GatherState : public FutureState {
 public:
  GatherState(Loop& loop, std::vector<std::shared_ptr<FutureState>> children, bool return_exceptions);
  bool cancel(std::optional<std::string> message = std::nullopt) override;
  const std::vector<std::shared_ptr<FutureState>>& children() const { return children_; }
  void start();  // registers the done callbacks; completes at once when there are no children

 protected:
  virtual void collect() = 0;  // all children are done: store the results

 private:
  void child_done(FutureState& child);
  std::vector<std::shared_ptr<FutureState>> children_;
  std::size_t finished_ = 0;
  bool return_exceptions_;
  bool cancel_requested_ = false;
};

template <class R, class Collect>
class GatherImpl final : public GatherState, public ValueSlot<R> {
 public:
  GatherImpl(Loop& loop, std::vector<std::shared_ptr<FutureState>> children, bool return_exceptions, Collect c)
      : GatherState(loop, std::move(children), return_exceptions), collect_(std::move(c)) {}

 private:
  void collect() override { this->value.emplace(collect_()); }
  Collect collect_;
};

template <class R, class Collect>
Future<R> make_gather(Loop& loop, std::vector<std::shared_ptr<FutureState>> children, bool return_exceptions,
                      Collect collect) {
  auto state = std::make_shared<GatherImpl<R, Collect>>(loop, std::move(children), return_exceptions, std::move(collect));
  state->start();
  return Future<R>(state, static_cast<ValueSlot<R>*>(state.get()));
}

template <class T>
auto value_of(const Future<T>& f) {
  if constexpr (std::is_void_v<T>) {
    f.result();
    return Unit{};
  } else {
    return T(f.result());
  }
}

template <class T>
Outcome<T> outcome_of(const Future<T>& f) {
  Outcome<T> out;
  if (f.cancelled()) {
    // asyncio puts CancelledError('' or msg) in the list, not the error the child ended with
    out.error = std::make_exception_ptr(CancelledError(f.state().cancel_message().value_or("")));
  } else if (auto e = f.exception()) {
    out.error = e;
  } else if constexpr (!std::is_void_v<T>) {
    out.value = f.result();
  }
  return out;
}

template <class T>
using gathered_t = std::conditional_t<std::is_void_v<T>, Unit, T>;
}  // namespace detail

// asyncio.gather(*futures): a future of every result, in argument order. The first exception
// propagates to whoever awaits the gather while the other children keep running. Cancelling the
// gather cancels the children. Callables are wrapped in tasks, as coroutines are in asyncio.
template <class T>
Future<std::vector<detail::gathered_t<T>>> gather(std::vector<Future<T>> children) {
  std::vector<std::shared_ptr<FutureState>> states;
  for (auto& c : children) states.push_back(c.shared_state());
  using R = std::vector<detail::gathered_t<T>>;
  return detail::make_gather<R>(get_running_loop(), std::move(states), false, [children]() {
    R out;
    out.reserve(children.size());
    for (auto& c : children) out.push_back(detail::value_of(c));
    return out;
  });
}
template <class T>
Future<std::vector<detail::gathered_t<T>>> gather(std::vector<Task<T>> children) {
  return gather(std::vector<Future<T>>(children.begin(), children.end()));
}

template <class... X>
auto gather(X&&... xs) {
  auto futures = std::make_tuple(ensure_future(std::forward<X>(xs))...);
  using R = std::tuple<detail::gathered_t<typename std::decay_t<decltype(ensure_future(std::declval<X>()))>::value_type>...>;
  std::vector<std::shared_ptr<FutureState>> states;
  std::apply([&](auto&... f) { (states.push_back(f.shared_state()), ...); }, futures);
  return detail::make_gather<R>(get_running_loop(), std::move(states), false, [futures]() {
    return std::apply([](auto&... f) { return R(detail::value_of(f)...); }, futures);
  });
}

// asyncio.gather(*futures, return_exceptions=True): every child's outcome, in argument order.
template <class T>
Future<std::vector<Outcome<T>>> gather_outcomes(std::vector<Future<T>> children) {
  std::vector<std::shared_ptr<FutureState>> states;
  for (auto& c : children) states.push_back(c.shared_state());
  using R = std::vector<Outcome<T>>;
  return detail::make_gather<R>(get_running_loop(), std::move(states), true, [children]() {
    R out;
    for (auto& c : children) out.push_back(detail::outcome_of(c));
    return out;
  });
}
template <class T>
Future<std::vector<Outcome<T>>> gather_outcomes(std::vector<Task<T>> children) {
  return gather_outcomes(std::vector<Future<T>>(children.begin(), children.end()));
}

namespace detail {
// asyncio.runners.Runner.close(): cancel what is left (_cancel_all_tasks), then close the loop.
void shutdown_loop(Loop& loop) noexcept;
struct RunShutdown {
  Loop& loop;
  ~RunShutdown() { shutdown_loop(loop); }
};
}  // namespace detail

// asyncio.run(main): a new loop, runs `main` as a task to completion, cancels what is left,
// closes the loop. RuntimeError if a loop is already running on this thread.
template <class F>
auto run(F&& main, LoopOptions options = {}) {
  if (Loop::running()) throw RuntimeError("asyncio.run() cannot be called from a running event loop");
  Loop loop(options);
  detail::RunShutdown shutdown{loop};
  return loop.run_until_complete(loop.create_task(std::forward<F>(main)));
}

}  // namespace loopscope
