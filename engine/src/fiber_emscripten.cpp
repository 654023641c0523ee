// Fiber backend for WebAssembly (<emscripten/fiber.h> + Asyncify): construction, the thread's
// own fiber, and the out-of-line switch. The switch itself is inline in
// loopscope/detail/fiber_switch.hpp.
#include <cstdlib>
#include <memory>

#include "loopscope/detail/fiber_switch.hpp"
#include "stack_pool.hpp"

namespace loopscope {

// The thread's own context is unwound into this when it switches away; its depth is whatever
// called into the module (JS → bindings → loop), so it is sized generously.
constexpr std::size_t kThreadAsyncifyBytes = 64 * 1024;

Fiber& Fiber::Backend::thread_fiber() {
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

void Fiber::Backend::release_stacks(Context& c) {
  if (c.c_stack.base) detail::release_stack(c.c_stack);
  if (c.asyncify_stack.base) detail::release_stack(c.asyncify_stack);
  c.c_stack = {};
  c.asyncify_stack = {};
}

void Fiber::Backend::trampoline(void* arg) {
  Fiber& self = *static_cast<Fiber*>(arg);
  arrived();
  Fiber* next = self.body_(self.arg_);
  assert(next && next != &self);
  self.transition(FiberState::Done);
  previous = &self;
  enter(*next);
  swap(&context(self).fiber, &context(*next).fiber);
  std::abort();  // a finished fiber is never resumed
}

Fiber::Fiber(std::uint64_t id) : id_(id) {}

Fiber::Fiber(Body body, void* arg, std::size_t stack_size)
    : body_(body), arg_(arg), stack_size_(detail::round_stack_size(stack_size)), id_(Backend::next_id++) {
  auto* c = new Backend::Context();
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
  auto* c = static_cast<Backend::Context*>(backend_);
  if (c && !is_thread_fiber()) {
    // A Done fiber released its stacks when its successor arrived, unless it was destroyed first.
    Backend::release_stacks(*c);
    if (Backend::previous == this) Backend::previous = nullptr;
  }
  delete c;
}

Fiber& Fiber::adopt_thread() {
  detail::current_fiber = &Backend::thread_fiber();
  return *detail::current_fiber;
}

void Fiber::switch_to(Fiber& next) { Backend::switch_to(current(), next); }

}  // namespace loopscope
