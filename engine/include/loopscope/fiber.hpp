// A stackful fiber: a function with its own stack that can be suspended and resumed.
//
// One small interface, two backends (chosen at build time; the switch itself is inline in
// loopscope/detail/fiber_switch.hpp, the rest in one file each):
//   src/fiber_boost.cpp       boost::context::fiber          (native)
//   src/fiber_emscripten.cpp  <emscripten/fiber.h> + Asyncify (WebAssembly)
//
// Switching is symmetric: the running fiber names the next one. The loop uses this to go from a
// task that suspends straight to the next ready task (one swap), instead of bouncing through a
// scheduler fiber (two swaps). See docs/architecture.md, "Fibers and the single swap".
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>

namespace loopscope {

// Every fiber goes through these states; each transition is asserted in debug builds
// (see Fiber::transition for the allowed edges):
//
//   Created ──► Ready ──► Running ──► Waiting ──► Ready ──► Running ... ──► Done
//
// Created: has a body, never ran. Ready: chosen as the next fiber to run. Running: executing
// (exactly one fiber per thread). Waiting: switched away from, resumable. Done: its body ended.
enum class FiberState : std::uint8_t { Created, Ready, Running, Waiting, Done };

const char* to_string(FiberState state);

class Fiber;
namespace detail {
extern __thread Fiber* current_fiber;  // null until the thread's first switch (__thread: no TLS wrapper calls)
bool fiber_transition_allowed(FiberState from, FiberState to);
}  // namespace detail

class Fiber {
 public:
  // The body runs on the fiber's stack and returns the fiber to switch to when it is over.
  // Exceptions must not escape it (the owner catches them; see Task).
  using Body = Fiber* (*)(void* arg);

  static constexpr std::size_t kDefaultStackSize = 256 * 1024;

  Fiber(Body body, void* arg, std::size_t stack_size = kDefaultStackSize);
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // The fiber running now. On a thread that never switched, this is a fiber adopted from the
  // thread's own stack (it is never Created and never Done).
  static Fiber& current() {
    if (Fiber* f = detail::current_fiber) return *f;
    return adopt_thread();
  }

  // Suspend the current fiber (it becomes Waiting) and run `next` (Created or Waiting). Returns
  // when some fiber switches back to this one.
  static void switch_to(Fiber& next);

  FiberState state() const { return state_; }
  std::size_t stack_size() const { return stack_size_; }
  bool is_thread_fiber() const { return body_ == nullptr; }

  // Fibers are numbered in creation order, per thread; the thread's own fiber is 0.
  std::uint64_t id() const { return id_; }

  struct Backend;  // defined by the backend file

 private:
  friend struct Backend;
  explicit Fiber(std::uint64_t id);  // adopts the current thread's stack
  static Fiber& adopt_thread();
  void transition(FiberState to) {
    assert(detail::fiber_transition_allowed(state_, to) && "illegal fiber state transition");
    state_ = to;
  }

  Body body_ = nullptr;
  void* arg_ = nullptr;
  std::size_t stack_size_ = 0;
  std::uint64_t id_ = 0;
  FiberState state_ = FiberState::Created;
  void* backend_ = nullptr;  // backend-specific context, owned by the backend
};

}  // namespace loopscope
