// Handles for callbacks scheduled with call_soon / call_later / call_at (asyncio.Handle,
// asyncio.TimerHandle): cancel() stops a callback that has not run yet.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

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
};
}  // namespace detail

class Handle {
 public:
  Handle() = default;
  explicit Handle(std::shared_ptr<detail::HandleState> state) : state_(std::move(state)) {}
  void cancel();
  bool cancelled() const { return state_ && state_->cancelled; }
  // Timers: the deadline in loop time (seconds), as TimerHandle.when().
  double when() const { return nanos_to_seconds(state_ ? state_->when : 0); }
  std::uint64_t id() const { return state_ ? state_->id : 0; }
  explicit operator bool() const { return static_cast<bool>(state_); }

 private:
  std::shared_ptr<detail::HandleState> state_;
};

using TimerHandle = Handle;

}  // namespace loopscope
