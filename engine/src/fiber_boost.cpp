// Fiber backend for native builds (boost::context::fiber): construction, the thread's own fiber,
// and the out-of-line switch. The switch itself is inline in loopscope/detail/fiber_switch.hpp.
#include <memory>

#include "loopscope/detail/fiber_switch.hpp"
#include "stack_pool.hpp"

namespace loopscope {

namespace ctx = boost::context;

namespace {
// Hands boost stacks from the pool (boost calls allocate()/deallocate() on its own schedule:
// deallocate runs after the fiber has been left for good).
struct PooledStack {
  std::size_t size;
  Fiber::Backend::Context* owner;
  ctx::stack_context allocate() {
    detail::StackBlock block = detail::acquire_stack(size);
    owner->stack_bottom = block.base;
    owner->stack_bytes = block.size;
    ctx::stack_context sctx;
    sctx.size = block.size;
    sctx.sp = static_cast<char*>(block.base) + block.size;
    return sctx;
  }
  void deallocate(ctx::stack_context& sctx) noexcept {
    detail::release_stack({static_cast<char*>(sctx.sp) - sctx.size, sctx.size});
  }
};
}  // namespace

Fiber& Fiber::Backend::thread_fiber() {
  static thread_local std::unique_ptr<Fiber> adopted;
  if (!adopted) {
    adopted.reset(new Fiber(std::uint64_t{0}));
    adopted->backend_ = new Context();
    adopted->state_ = FiberState::Running;
  }
  return *adopted;
}

Fiber::Fiber(std::uint64_t id) : id_(id) {}

Fiber::Fiber(Body body, void* arg, std::size_t stack_size)
    : body_(body), arg_(arg), stack_size_(detail::round_stack_size(stack_size)), id_(Backend::next_id++) {
  auto* c = new Backend::Context();
  backend_ = c;
  c->continuation = ctx::fiber(std::allocator_arg, PooledStack{stack_size_, c}, [this](ctx::fiber&& from) {
    Backend::arrived(std::move(from));
    Fiber* next = body_(arg_);
    assert(next && next != this);
    transition(FiberState::Done);
    Backend::previous = this;
    Backend::enter(*next);
    Backend::before_switch(nullptr, *Backend::context(next));  // this stack is never used again
    return std::move(Backend::context(next)->continuation);
  });
}

Fiber::~Fiber() {
  // A suspended fiber still holds frames; its owner must have run it to the end.
  assert(state_ == FiberState::Created || state_ == FiberState::Done || is_thread_fiber());
  delete Backend::context(this);
}

Fiber& Fiber::adopt_thread() {
  detail::current_fiber = &Backend::thread_fiber();
  return *detail::current_fiber;
}

void Fiber::switch_to(Fiber& next) { Backend::switch_to(current(), next); }

}  // namespace loopscope
