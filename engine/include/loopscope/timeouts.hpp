// asyncio.timeout / timeout_at (timeouts.py of CPython 3.11).
//
// `async with asyncio.timeout(d) as cm: body` is written
//     timeout(d, [&](Timeout& cm) { body; });     // or a body taking no argument
// The scope returns what the body returns. When the deadline passes, the task is cancelled;
// leaving the scope turns that CancelledError into TimeoutError, using cancelling()/uncancel()
// exactly as 3.11 does, so nested timeouts and outside cancellations are told apart.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <type_traits>

#include "loopscope/tasks.hpp"

namespace loopscope {

namespace detail {
inline bool is_cancelled_error(const std::exception_ptr& e) {
  if (!e) return false;
  try {
    std::rethrow_exception(e);
  } catch (const CancelledError&) {
    return true;
  } catch (...) {
    return false;
  }
}
}  // namespace detail

class Timeout {
 public:
  enum class State { Created, Entered, Expiring, Expired, Exited };

  explicit Timeout(std::optional<double> when) : when_(when) {}
  Timeout(const Timeout&) = delete;
  Timeout& operator=(const Timeout&) = delete;
  ~Timeout() { handle_.cancel(); }

  std::optional<double> when() const { return when_; }
  // Moves the deadline (None: no deadline). RuntimeError unless the scope is active.
  void reschedule(std::optional<double> when);
  bool expired() const { return state_ == State::Expiring || state_ == State::Expired; }
  State state() const { return state_; }
  std::string repr() const;  // <Timeout [active] when=12.5>

  // __aenter__ / __aexit__: exit() gets the exception leaving the scope (null if none) and throws
  // TimeoutError in its place when this timeout caused the cancellation.
  void enter();
  void exit(const std::exception_ptr& error);

 private:
  void on_timeout();
  std::optional<double> when_;
  State state_ = State::Created;
  Handle handle_;
  AnyTask task_;
};

namespace detail {
template <class F>
auto run_timeout_scope(Timeout& cm, F&& body) {
  cm.enter();
  auto call = [&]() -> decltype(auto) {
    if constexpr (std::is_invocable_v<F&, Timeout&>) return body(cm);
    else return body();
  };
  using R = decltype(call());
  try {
    if constexpr (std::is_void_v<R>) {
      call();
      cm.exit(nullptr);
    } else {
      R r = call();
      cm.exit(nullptr);
      return r;
    }
  } catch (...) {
    std::exception_ptr error = std::current_exception();
    if (cm.state() == Timeout::State::Entered || cm.state() == Timeout::State::Expiring) cm.exit(error);
    std::rethrow_exception(error);
  }
}
}  // namespace detail

// asyncio.timeout(delay): a scope with a deadline `delay` seconds from now (nullopt: none).
template <class F>
auto timeout(std::optional<double> delay, F&& body) {
  Timeout cm(delay ? std::optional<double>(get_running_loop().time() + *delay) : std::nullopt);
  return detail::run_timeout_scope(cm, std::forward<F>(body));
}
// asyncio.timeout_at(when): the same with an absolute deadline in loop time.
template <class F>
auto timeout_at(std::optional<double> when, F&& body) {
  Timeout cm(when);
  return detail::run_timeout_scope(cm, std::forward<F>(body));
}

}  // namespace loopscope
