// asyncio.Future: a result that will exist later.
//
// FutureState is the untyped core (state, exception, callbacks, cancellation); a Future<T> is a
// cheap handle to it plus the typed slot that holds the value. Tasks are futures too (Task<T>).
// Done callbacks are never called inline: completing a future schedules them with call_soon, in
// the order they were added, exactly as asyncio does — that is what makes wake-up order match.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "loopscope/errors.hpp"
#include "loopscope/trace.hpp"

namespace loopscope {

class Loop;
class TaskState;
class FutureState;

// Stand-in for "no value" where a type is required (a gather of Future<void>s).
using Unit = std::monostate;

namespace detail {
// Shared by a loop and everything created on it: lets a future that outlives its loop notice.
struct LoopLife {
  Loop* loop;
};

struct DoneCallback {
  std::uint64_t id;
  TaskState* waiter;                         // a task to wake (asyncio's Task.__wakeup) ...
  std::function<void(FutureState&)> call;    // ... or a plain callback
};

template <class T>
struct ValueSlot {
  std::optional<T> value;
};
template <>
struct ValueSlot<void> {};
}  // namespace detail

class FutureState : public std::enable_shared_from_this<FutureState> {
 public:
  enum class Status : std::uint8_t { Pending, Cancelled, Finished };
  enum class Kind : std::uint8_t { Future, Task, Gather };

  FutureState(Loop& loop, Kind kind);
  virtual ~FutureState();
  FutureState(const FutureState&) = delete;
  FutureState& operator=(const FutureState&) = delete;

  Loop& loop() const;
  Kind kind() const { return kind_; }
  std::uint64_t id() const { return id_; }
  Status status() const { return status_; }
  bool done() const { return status_ != Status::Pending; }
  bool cancelled() const { return status_ == Status::Cancelled; }

  // Future.cancel(msg): false if already done. Tasks and gathers override it.
  virtual bool cancel(std::optional<std::string> message = std::nullopt);

  void set_exception(std::exception_ptr error);
  // Throws the stored exception, CancelledError, or InvalidStateError if pending.
  void rethrow_if_failed();
  // Future.exception(): the exception, or null for a result; marks it retrieved.
  std::exception_ptr exception();

  // Returns an id for remove_done_callback.
  std::uint64_t add_done_callback(std::function<void(FutureState&)> callback);
  std::size_t remove_done_callback(std::uint64_t id);

  // asyncio's repr: <Future pending>, <Task finished name='Task-1' coro=<main> result=...>.
  virtual std::string repr() const;
  // The words inside the brackets, in asyncio's order (base_futures._future_repr_info).
  std::vector<std::string> repr_info() const;
  // What to show for the result in repr() (typed layers override).
  virtual std::string result_repr() const { return "None"; }

  // Internals used by the loop and the task machinery.
  void add_waiter(TaskState& task);
  void remove_waiter(TaskState& task);
  void mark_finished();  // the typed layer stored the value
  bool cancel_message_present() const { return cancel_message_.has_value(); }
  const std::optional<std::string>& cancel_message() const { return cancel_message_; }
  std::exception_ptr make_cancelled_error();
  void set_cancelled_exception(std::exception_ptr error) { cancelled_exc_ = std::move(error); }
  void set_log_traceback(bool on) { log_traceback_ = on; }

  // What waiting on this future means, for the trace and the timeline ("sleep 0.5 s",
  // "Semaphore#1"). `label` is a string id of the loop's trace (0: none).
  void set_wait_reason(WaitKind kind, std::uint64_t object, std::uint32_t label) {
    wait_kind_ = kind;
    wait_object_ = object;
    wait_label_ = label;
  }
  WaitKind wait_kind() const { return wait_kind_; }
  std::uint64_t wait_object() const { return wait_object_ ? wait_object_ : id_; }
  std::uint32_t wait_label() const { return wait_label_; }

 protected:
  void check_settable() const;
  void log_if_never_retrieved(const std::string& what);
 public:
  bool cancel_as_future(std::optional<std::string> message);
 protected:
  void schedule_callbacks();
  const std::shared_ptr<detail::LoopLife>& life() const { return life_; }
  bool log_traceback_ = false;
  std::exception_ptr exception_;

 private:
  std::shared_ptr<detail::LoopLife> life_;
  std::vector<detail::DoneCallback> callbacks_;
  std::optional<std::string> cancel_message_;
  std::exception_ptr cancelled_exc_;  // the CancelledError a task ended with
  std::uint64_t id_;
  std::uint64_t next_callback_id_ = 1;
  std::uint64_t wait_object_ = 0;
  std::uint32_t wait_label_ = 0;
  WaitKind wait_kind_ = WaitKind::Future;
  Status status_ = Status::Pending;
  Kind kind_;
};

// A plain future with a typed result.
template <class T>
class FutureStateT final : public FutureState, public detail::ValueSlot<T> {
 public:
  explicit FutureStateT(Loop& loop) : FutureState(loop, Kind::Future) {}
  ~FutureStateT() override { log_if_never_retrieved("Future exception was never retrieved"); }
  std::string result_repr() const override;
};

namespace detail {
std::string value_repr_fallback();
std::string string_repr(const std::string& s);
template <class T>
std::string value_repr(const std::optional<T>& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return v ? string_repr(*v) : "None";
  } else if constexpr (std::is_arithmetic_v<T>) {
    if (!v) return "None";
    if constexpr (std::is_same_v<T, bool>) return *v ? "True" : "False";
    else return std::to_string(*v);
  } else {
    return value_repr_fallback();
  }
}
}  // namespace detail

template <class T>
std::string FutureStateT<T>::result_repr() const {
  if constexpr (std::is_void_v<T>) return "None";
  else return detail::value_repr(this->value);
}

// A handle to a future of T. Copies share the same future.
template <class T>
class Future {
 public:
  using value_type = T;
  Future() = default;
  Future(std::shared_ptr<FutureState> state, detail::ValueSlot<T>* slot) : state_(std::move(state)), slot_(slot) {}

  bool done() const { return state_->done(); }
  bool cancelled() const { return state_->cancelled(); }
  bool cancel(std::optional<std::string> message = std::nullopt) const { return state_->cancel(std::move(message)); }
  std::exception_ptr exception() const { return state_->exception(); }
  void set_exception(std::exception_ptr e) const { state_->set_exception(std::move(e)); }

  // Future.result(): the value, or throws what the future holds.
  decltype(auto) result() const {
    state_->rethrow_if_failed();
    if constexpr (!std::is_void_v<T>) return static_cast<const T&>(*slot_->value);
  }

  template <class U = T, class = std::enable_if_t<!std::is_void_v<U>>>
  void set_result(U value) const {
    check_pending();
    slot_->value.emplace(std::move(value));
    state_->mark_finished();
  }
  template <class U = T, class = std::enable_if_t<std::is_void_v<U>>>
  void set_result() const {
    check_pending();
    state_->mark_finished();
  }

  std::uint64_t add_done_callback(std::function<void(FutureState&)> fn) const {
    return state_->add_done_callback(std::move(fn));
  }
  std::size_t remove_done_callback(std::uint64_t id) const { return state_->remove_done_callback(id); }

  std::string repr() const { return state_->repr(); }
  std::uint64_t id() const { return state_->id(); }
  Loop& loop() const { return state_->loop(); }

  FutureState& state() const { return *state_; }
  const std::shared_ptr<FutureState>& shared_state() const { return state_; }
  detail::ValueSlot<T>* slot() const { return slot_; }
  explicit operator bool() const { return static_cast<bool>(state_); }
  bool operator==(const Future& other) const { return state_ == other.state_; }

 private:
  void check_pending() const {
    if (state_->done()) throw InvalidStateError("invalid state");
  }
  std::shared_ptr<FutureState> state_;
  detail::ValueSlot<T>* slot_ = nullptr;
};

// An untyped handle to any future or task (for wait(), all_tasks(), trace lookups).
class AnyFuture {
 public:
  AnyFuture() = default;
  explicit AnyFuture(std::shared_ptr<FutureState> state) : state_(std::move(state)) {}
  template <class T>
  AnyFuture(const Future<T>& f) : state_(f.shared_state()) {}
  FutureState* operator->() const { return state_.get(); }
  FutureState& operator*() const { return *state_; }
  const std::shared_ptr<FutureState>& shared_state() const { return state_; }
  explicit operator bool() const { return static_cast<bool>(state_); }
  bool operator==(const AnyFuture& o) const { return state_ == o.state_; }

 private:
  std::shared_ptr<FutureState> state_;
};

}  // namespace loopscope
