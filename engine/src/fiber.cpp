// Backend-independent part of Fiber: the state machine.
#include "loopscope/fiber.hpp"

#include <cassert>

namespace loopscope {

const char* to_string(FiberState state) {
  switch (state) {
    case FiberState::Created: return "created";
    case FiberState::Ready: return "ready";
    case FiberState::Running: return "running";
    case FiberState::Waiting: return "waiting";
    case FiberState::Done: return "done";
  }
  return "?";
}

namespace detail {
__thread Fiber* current_fiber = nullptr;

bool fiber_transition_allowed(FiberState from, FiberState to) {
  using S = FiberState;
  switch (from) {
    case S::Created: return to == S::Ready;
    case S::Ready: return to == S::Running;
    case S::Running: return to == S::Waiting || to == S::Done;
    case S::Waiting: return to == S::Ready;
    case S::Done: return false;
  }
  return false;
}
}  // namespace detail

}  // namespace loopscope
