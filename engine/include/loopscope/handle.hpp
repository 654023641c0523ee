// Handles for callbacks scheduled with call_soon / call_later / call_at (asyncio.Handle,
// asyncio.TimerHandle): cancel() stops a callback that has not run yet.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "loopscope/clock.hpp"

namespace loopscope {

class Loop;

namespace detail {
struct HandleState {
  std::function<void()> callback;
  Loop* loop = nullptr;
  std::uint64_t id = 0;     // per loop, in scheduling order (trace, determinism)
  Nanos when = 0;           // timers only
  std::uint64_t sequence = 0;  // timers only: breaks ties between equal deadlines (FIFO)
  bool cancelled = false;
  bool is_timer = false;
  bool in_heap = false;     // a timer still waiting in the loop's heap
  std::uint32_t label = 0;  // trace string id describing the callback (0: none)
  int refs = 0;
};

// Handles belong to their loop's thread (as in asyncio), so their count needs no atomics: the
// ready queue holds callbacks without touching a lock-prefixed counter.
inline void retain(HandleState* h) { ++h->refs; }
inline void release(HandleState* h) {
  if (--h->refs == 0) delete h;
}

class HandleRef {
 public:
  HandleRef() = default;
  explicit HandleRef(HandleState* h) : p_(h) {
    if (p_) retain(p_);
  }
  HandleRef(const HandleRef& o) : HandleRef(o.p_) {}
  HandleRef(HandleRef&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  HandleRef& operator=(HandleRef o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~HandleRef() {
    if (p_) release(p_);
  }
  HandleState* get() const { return p_; }
  HandleState* operator->() const { return p_; }
  HandleState& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  HandleState* p_ = nullptr;
};
}  // namespace detail

class Handle {
 public:
  Handle() = default;
  explicit Handle(detail::HandleRef state) : state_(std::move(state)) {}
  void cancel();
  bool cancelled() const { return state_ && state_->cancelled; }
  // Timers: the deadline in loop time (seconds), as TimerHandle.when().
  double when() const { return nanos_to_seconds(state_ ? state_->when : 0); }
  std::uint64_t id() const { return state_ ? state_->id : 0; }
  explicit operator bool() const { return static_cast<bool>(state_); }

 private:
  detail::HandleRef state_;
};

using TimerHandle = Handle;

}  // namespace loopscope
