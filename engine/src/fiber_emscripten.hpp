// Fiber backend for WebAssembly: <emscripten/fiber.h> on top of Asyncify. Inline for the same
// reason as fiber_boost.hpp (the loop's hot path switches fibers).
//
// Each fiber owns a C stack (for address-taken locals) and an Asyncify save area (where the wasm
// call stack is unwound to while the fiber is suspended). A fiber's entry function must never
// return, so a finished fiber swaps to its successor and the successor releases its stacks.
#pragma once

#include <emscripten/fiber.h>

#include <cassert>
#include <cstdlib>
#include <memory>

#include "loopscope/fiber.hpp"
#include "stack_pool.hpp"

namespace loopscope {

// The thread's own context is unwound into this when it switches away; its depth is whatever
// called into the module (JS → bindings → loop), so it is sized generously.
inline constexpr std::size_t kThreadAsyncifyBytes = 64 * 1024;

struct Fiber::Backend {
  struct Context {
    emscripten_fiber_t fiber;
    detail::StackBlock c_stack;
    detail::StackBlock asyncify_stack;
  };

  static inline thread_local Fiber* previous = nullptr;
  static inline thread_local std::uint64_t next_id = 1;

  static Context& context(Fiber& f) { return *static_cast<Context*>(f.backend_); }

  static void switch_to(Fiber& self, Fiber& next) {
    assert(&next != &self);
    self.transition(FiberState::Waiting);
    previous = &self;
    enter(next);
    emscripten_fiber_swap(&context(self).fiber, &context(next).fiber);
    arrived();
  }

  static Fiber& thread_fiber() {
    static thread_local std::unique_ptr<Fiber> adopted;
    if (!adopted) {
      adopted.reset(new Fiber(std::uint64_t{0}));
      auto* c = new Context();
      c->asyncify_stack = detail::acquire_stack(kThreadAsyncifyBytes);
      emscripten_fiber_init_from_current_context(&c->fiber, c->asyncify_stack.base, c->asyncify_stack.size);
      adopted->backend_ = c;
      adopted->state_ = FiberState::Running;
    }
    return *adopted;
  }

  static void release_stacks(Context& c) {
    if (c.c_stack.base) detail::release_stack(c.c_stack);
    if (c.asyncify_stack.base) detail::release_stack(c.asyncify_stack);
    c.c_stack = {};
    c.asyncify_stack = {};
  }

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

  static void trampoline(void* arg) {
    Fiber& self = *static_cast<Fiber*>(arg);
    arrived();
    Fiber* next = self.body_(self.arg_);
    assert(next && next != &self);
    self.transition(FiberState::Done);
    previous = &self;
    enter(*next);
    emscripten_fiber_swap(&context(self).fiber, &context(*next).fiber);
    std::abort();  // a finished fiber is never resumed
  }
};

}  // namespace loopscope
