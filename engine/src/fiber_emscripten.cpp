// Fiber backend for WebAssembly: <emscripten/fiber.h> on top of Asyncify.
//
// Each fiber owns a C stack (for address-taken locals) and an Asyncify save area (where the wasm
// call stack is unwound to while the fiber is suspended). A fiber's entry function must never
// return, so a finished fiber swaps to its successor and the successor releases its stacks.
#include <emscripten/fiber.h>

#include <cassert>
#include <cstdlib>
#include <memory>

#include "loopscope/fiber.hpp"
#include "stack_pool.hpp"

namespace loopscope {

namespace {
// The thread's own context is unwound into this when it switches away; its depth is whatever
// called into the module (JS → bindings → loop), so it is sized generously.
constexpr std::size_t kThreadAsyncifyBytes = 64 * 1024;

struct Context {
  emscripten_fiber_t fiber;
  detail::StackBlock c_stack;
  detail::StackBlock asyncify_stack;
};
}  // namespace

struct Fiber::Backend {
  static thread_local Fiber* current;
  static thread_local Fiber* previous;
  static thread_local std::uint64_t next_id;

  static Context& context(Fiber& f) { return *static_cast<Context*>(f.backend_); }

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
    current = &next;
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

thread_local Fiber* Fiber::Backend::current = nullptr;
thread_local Fiber* Fiber::Backend::previous = nullptr;
thread_local std::uint64_t Fiber::Backend::next_id = 1;

Fiber::Fiber(std::uint64_t id) : id_(id) {}

Fiber::Fiber(Body body, void* arg, std::size_t stack_size)
    : body_(body), arg_(arg), stack_size_(detail::round_stack_size(stack_size)), id_(Backend::next_id++) {
  auto* c = new Context();
  backend_ = c;
  // The C stack holds only what the compiler spills to memory; the Asyncify area holds every
  // live frame's locals while suspended. Both scale with the depth of the code that runs here.
  c->c_stack = detail::acquire_stack(stack_size_);
  c->asyncify_stack = detail::acquire_stack(stack_size_);
  emscripten_fiber_init(&c->fiber, &Backend::trampoline, this, c->c_stack.base, c->c_stack.size,
                        c->asyncify_stack.base, c->asyncify_stack.size);
}

Fiber::~Fiber() {
  assert(state_ == FiberState::Created || state_ == FiberState::Done || is_thread_fiber());
  auto* c = static_cast<Context*>(backend_);
  if (c && !is_thread_fiber()) {
    // A Done fiber released its stacks when its successor arrived, unless it was destroyed first.
    Backend::release_stacks(*c);
    if (Backend::previous == this) Backend::previous = nullptr;
  }
  delete c;
}

Fiber& Fiber::current() {
  if (!Backend::current) Backend::current = &Backend::thread_fiber();
  return *Backend::current;
}

void Fiber::switch_to(Fiber& next) {
  Fiber& self = current();
  assert(&next != &self);
  self.transition(FiberState::Waiting);
  Backend::previous = &self;
  Backend::enter(next);
  emscripten_fiber_swap(&Backend::context(self).fiber, &Backend::context(next).fiber);
  Backend::arrived();
}

}  // namespace loopscope
