// asyncio.wait, wait_for, as_completed and shield (tasks.py of CPython 3.11).
//
// asyncio returns sets; here `done` and `pending` keep the order the futures were given in
// (duplicates are dropped, as the set would). Callables are wrapped in tasks where asyncio wraps
// coroutines (wait() refuses them, as 3.11 does; pass tasks).
#pragma once

#include <optional>
#include <vector>

#include "loopscope/queues.hpp"
#include "loopscope/tasks.hpp"

namespace loopscope {

enum class ReturnWhen { FirstCompleted, FirstException, AllCompleted };

template <class F>
struct WaitResult {
  std::vector<F> done;
  std::vector<F> pending;
};

namespace detail {
// asyncio._wait: waits until `return_when` holds or `timeout` passes; never raises TimeoutError.
void wait_states(const std::vector<std::shared_ptr<FutureState>>& fs, std::optional<double> timeout,
                 ReturnWhen return_when);
// asyncio._cancel_and_wait
void cancel_and_wait(FutureState& fut);
// The body of wait_for once `fut` is a future: returns normally when `fut` is done (its outcome
// is then read by the caller), raises TimeoutError or CancelledError otherwise.
void wait_for_state(const std::shared_ptr<FutureState>& fut, double timeout);

template <class F>
WaitResult<F> wait_split(const std::vector<F>& given, std::optional<double> timeout, ReturnWhen return_when) {
  if (given.empty()) throw ValueError("Set of Tasks/Futures is empty.");
  std::vector<F> fs;
  std::vector<std::shared_ptr<FutureState>> states;
  for (const F& f : given) {
    if (std::find(fs.begin(), fs.end(), f) != fs.end()) continue;
    fs.push_back(f);
    states.push_back(f.shared_state());
  }
  wait_states(states, timeout, return_when);
  WaitResult<F> out;
  for (const F& f : fs) (f.shared_state()->done() ? out.done : out.pending).push_back(f);
  return out;
}
}  // namespace detail

// asyncio.wait(fs, timeout=None, return_when=ALL_COMPLETED) -> (done, pending)
template <class T>
WaitResult<Future<T>> wait(const std::vector<Future<T>>& fs, std::optional<double> timeout = std::nullopt,
                           ReturnWhen return_when = ReturnWhen::AllCompleted) {
  return detail::wait_split(fs, timeout, return_when);
}
template <class T>
WaitResult<Task<T>> wait(const std::vector<Task<T>>& fs, std::optional<double> timeout = std::nullopt,
                         ReturnWhen return_when = ReturnWhen::AllCompleted) {
  return detail::wait_split(fs, timeout, return_when);
}
inline WaitResult<AnyFuture> wait(const std::vector<AnyFuture>& fs, std::optional<double> timeout = std::nullopt,
                                  ReturnWhen return_when = ReturnWhen::AllCompleted) {
  return detail::wait_split(fs, timeout, return_when);
}

// asyncio.wait_for(aw, timeout): the result of `aw` (a future, or a callable run as a task),
// or TimeoutError after cancelling it and waiting for its cleanup. Cancelling the caller cancels
// `aw` too. With no timeout a callable runs inline, as `await coro` does.
template <class X>
auto wait_for(X&& x, std::optional<double> timeout) {
  if constexpr (std::is_invocable_v<std::decay_t<X>&>) {
    if (!timeout) return x();
    auto fut = create_task(std::forward<X>(x));
    detail::wait_for_state(fut.shared_state(), *timeout);
    using T = typename decltype(fut)::value_type;
    if constexpr (std::is_void_v<T>) fut.result();
    else return T(fut.result());
  } else {
    using T = typename std::decay_t<X>::value_type;
    if (!timeout) return await(x);
    detail::wait_for_state(x.shared_state(), *timeout);
    if constexpr (std::is_void_v<T>) x.result();
    else return T(x.result());
  }
}

// asyncio.shield(aw): a new future that follows `inner`; cancelling it leaves `inner` running.
template <class T>
Future<T> shield(const Future<T>& inner) {
  if (inner.done()) return inner;
  Loop& loop = inner.loop();
  Future<T> outer = loop.template create_future<T>();
  auto inner_cb = inner.add_done_callback([outer, inner](FutureState&) {
    if (outer.cancelled()) {
      if (!inner.cancelled()) inner.exception();  // mark it retrieved
      return;
    }
    if (inner.cancelled()) {
      outer.cancel();
    } else if (auto e = inner.exception()) {
      outer.set_exception(e);
    } else if constexpr (std::is_void_v<T>) {
      outer.set_result();
    } else {
      outer.set_result(inner.result());
    }
  });
  outer.add_done_callback([inner, inner_cb](FutureState&) {
    if (!inner.done()) inner.remove_done_callback(inner_cb);
  });
  return outer;
}
template <class T>
Future<T> shield(const Task<T>& inner) {
  return shield(static_cast<const Future<T>&>(inner));
}
template <class F, class = std::enable_if_t<std::is_invocable_v<std::decay_t<F>&>>>
auto shield(F&& fn) {
  auto task = create_task(std::forward<F>(fn));
  using T = typename decltype(task)::value_type;
  return shield(static_cast<const Future<T>&>(task));
}

// asyncio.as_completed(fs, timeout): call next() size() times; each returns (or throws) the
// outcome of the next future to finish, TimeoutError once the timeout has passed.
template <class T>
class AsCompleted {
 public:
  AsCompleted(std::vector<Future<T>> fs, std::optional<double> timeout) : state_(std::make_shared<State>()) {
    Loop& loop = get_running_loop();
    for (auto& f : fs) {
      auto same = [&f](const Entry& e) { return e.future == f; };
      if (std::none_of(state_->todo.begin(), state_->todo.end(), same)) state_->todo.push_back({f, 0});
    }
    count_ = state_->todo.size();
    std::weak_ptr<State> weak = state_;
    for (auto& entry : state_->todo) {
      Future<T> f = entry.future;
      entry.callback = f.add_done_callback([weak, f](FutureState&) {
        auto s = weak.lock();
        if (!s || s->todo.empty()) return;  // the timeout came first
        s->todo.erase(std::find_if(s->todo.begin(), s->todo.end(), [&f](const Entry& e) { return e.future == f; }));
        s->done.put_nowait(f);
        if (s->todo.empty() && s->timeout_handle) s->timeout_handle.cancel();
      });
    }
    if (!state_->todo.empty() && timeout) {
      state_->timeout_handle = loop.call_later(*timeout, [weak] {
        auto s = weak.lock();
        if (!s) return;
        for (auto& entry : s->todo) {
          entry.future.remove_done_callback(entry.callback);
          s->done.put_nowait(std::nullopt);
        }
        s->todo.clear();
      });
    }
  }
  std::size_t size() const { return count_; }
  // _wait_for_one()
  T next() {
    std::optional<Future<T>> f = state_->done.get();
    if (!f) throw TimeoutError();
    if constexpr (std::is_void_v<T>) f->result();
    else return T(f->result());
  }

 private:
  struct Entry {
    Future<T> future;
    std::uint64_t callback;
  };
  struct State {
    std::vector<Entry> todo;
    Queue<std::optional<Future<T>>> done;
    Handle timeout_handle;
  };
  std::shared_ptr<State> state_;
  std::size_t count_ = 0;
};

template <class T>
AsCompleted<T> as_completed(std::vector<Future<T>> fs, std::optional<double> timeout = std::nullopt) {
  return AsCompleted<T>(std::move(fs), timeout);
}
template <class T>
AsCompleted<T> as_completed(const std::vector<Task<T>>& fs, std::optional<double> timeout = std::nullopt) {
  return AsCompleted<T>(std::vector<Future<T>>(fs.begin(), fs.end()), timeout);
}

}  // namespace loopscope
