// Fiber backend for WebAssembly: construction, the thread's own fiber, and the out-of-line
// switch. The switch itself is inline in fiber_emscripten.hpp.
#include "fiber_emscripten.hpp"

namespace loopscope {


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
