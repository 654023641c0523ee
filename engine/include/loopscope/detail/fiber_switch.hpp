// The fiber backend's switch, inline (Fiber::Backend::switch_to). Public only so that the loop's
// hot path (Loop::yield_now, Loop::await_state, in loop.hpp) can be inlined into the task's own
// code: after a switch every pending return mispredicts (the CPU's return-stack predictor belongs
// to the other stack by then), so every call level between a task's code and the switch costs
// one mispredicted return per switch. Nothing outside the engine calls these directly.
//
// One backend per build:
//   native       boost::context::fiber                (construction: src/fiber_boost.cpp)
//   WebAssembly  <emscripten/fiber.h> + Asyncify      (construction: src/fiber_emscripten.cpp)
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>

#include "loopscope/fiber.hpp"

#if defined(__EMSCRIPTEN__)
#include <emscripten/fiber.h>
#else
#include <boost/context/fiber.hpp>
#if defined(LOOPSCOPE_SANITIZED)
#include <sanitizer/common_interface_defs.h>
#endif
#endif

// For the few functions on the path from a task's code to a fiber switch.
#define LOOPSCOPE_HOT_INLINE inline __attribute__((always_inline))

namespace loopscope {

namespace detail {
// A fiber stack from the pool (src/stack_pool.hpp hands them out).
struct StackBlock {
  void* base = nullptr;  // lowest address
  std::size_t size = 0;
};
}  // namespace detail

#if !defined(__EMSCRIPTEN__)

// boost's fiber is a one-shot continuation: resume() hands the resumed side the continuation of
// whoever resumed it. We keep each Fiber's continuation in its context record and, on every
// arrival, store the continuation we were handed into the fiber we came from.
struct Fiber::Backend {
  struct Context {
    boost::context::fiber continuation;  // empty while the fiber runs
    // For AddressSanitizer, which must be told about every switch of stacks.
    const void* stack_bottom = nullptr;
    std::size_t stack_bytes = 0;
    void* fake_stack = nullptr;
  };

  static inline thread_local Fiber* previous = nullptr;
  static inline thread_local std::uint64_t next_id = 1;

  static Context* context(Fiber* f) { return static_cast<Context*>(f->backend_); }

  // Tells ASan "we are about to run on `to`'s stack" / "we arrived; this is where we came from".
  static void before_switch(Context* from, Context& to) {
#if defined(LOOPSCOPE_SANITIZED)
    __sanitizer_start_switch_fiber(from ? &from->fake_stack : nullptr, to.stack_bottom, to.stack_bytes);
#else
    (void)from;
    (void)to;
#endif
  }
  static void after_switch(Context* self, Context& from) {
#if defined(LOOPSCOPE_SANITIZED)
    const void* bottom = nullptr;
    std::size_t bytes = 0;
    __sanitizer_finish_switch_fiber(self ? self->fake_stack : nullptr, &bottom, &bytes);
    if (!from.stack_bottom) {  // the thread's own stack: learnt the first time we leave it
      from.stack_bottom = bottom;
      from.stack_bytes = bytes;
    }
#else
    (void)self;
    (void)from;
#endif
  }

  // Runs first thing on the fiber we arrive on: park the continuation of the one we left.
  static void arrived(boost::context::fiber&& from) {
    Fiber* prev = previous;
    after_switch(context(detail::current_fiber), *context(prev));
    if (prev->state_ != FiberState::Done) context(prev)->continuation = std::move(from);
  }

  static void enter(Fiber& next) {
    next.transition(FiberState::Ready);
    next.transition(FiberState::Running);
    detail::current_fiber = &next;
  }

  LOOPSCOPE_HOT_INLINE static void switch_to(Fiber& self, Fiber& next) {
    assert(&next != &self);
    self.transition(FiberState::Waiting);
    previous = &self;
    enter(next);
    before_switch(context(&self), *context(&next));
    boost::context::fiber from = std::move(context(&next)->continuation).resume();
    arrived(std::move(from));
  }

  static Fiber& thread_fiber();
};

#else  // __EMSCRIPTEN__

// Each fiber owns a C stack (for address-taken locals) and an Asyncify save area (where the wasm
// call stack is unwound to while the fiber is suspended). A fiber's entry function must never
// return, so a finished fiber swaps to its successor and the successor releases its stacks.
struct Fiber::Backend {
  struct Context {
    emscripten_fiber_t fiber;
    detail::StackBlock c_stack;
    detail::StackBlock asyncify_stack;
  };

  static inline thread_local Fiber* previous = nullptr;
  static inline thread_local std::uint64_t next_id = 1;

  static Context& context(Fiber& f) { return *static_cast<Context*>(f.backend_); }

  // emscripten_fiber_swap, called as what it is: a function that never throws (no exception
  // crosses from one fiber to another). fiber.h does not say so, and Emscripten's exceptions are
  // JS-based: without this every caller holding a local with a destructor would wrap the swap in
  // a JS invoke trampoline, which Asyncify then unwinds and rewinds through on every switch.
  LOOPSCOPE_HOT_INLINE static void swap(emscripten_fiber_t* from, emscripten_fiber_t* to) {
    using NoThrowSwap = void (*)(emscripten_fiber_t*, emscripten_fiber_t*) noexcept;
    reinterpret_cast<NoThrowSwap>(&emscripten_fiber_swap)(from, to);
  }

  LOOPSCOPE_HOT_INLINE static void switch_to(Fiber& self, Fiber& next) {
    assert(&next != &self);
    self.transition(FiberState::Waiting);
    previous = &self;
    enter(next);
    swap(&context(self).fiber, &context(next).fiber);
    arrived();
  }

  static Fiber& thread_fiber();
  static void release_stacks(Context& c);

  // Runs first thing on the fiber we arrive on: a finished predecessor's stacks are free now.
  static void arrived() {
    Fiber* prev = previous;
    if (prev && prev->state_ == FiberState::Done) release_stacks(context(*prev));
  }

  static void enter(Fiber& next) {
    next.transition(FiberState::Ready);
    next.transition(FiberState::Running);
    detail::current_fiber = &next;
  }

  static void trampoline(void* arg);
};

#endif

}  // namespace loopscope
