// Fiber backend for native builds: boost::context::fiber. Inline, because the loop's hot path
// switches fibers: every call level between a task's code and the switch costs a mispredicted
// return after it (the CPU's return-stack predictor belongs to the other stack by then).
//
// boost's fiber is a one-shot continuation: resume() hands the resumed side the continuation of
// whoever resumed it. We keep each Fiber's continuation in its context record and, on every
// arrival, store the continuation we were handed into the fiber we came from.
#pragma once

#include <boost/context/fiber.hpp>

#include <cassert>
#include <memory>

#include "loopscope/fiber.hpp"
#include "stack_pool.hpp"

#if defined(LOOPSCOPE_SANITIZED)
#include <sanitizer/common_interface_defs.h>
#endif

namespace loopscope {

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

  static void switch_to(Fiber& self, Fiber& next) {
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

}  // namespace loopscope
