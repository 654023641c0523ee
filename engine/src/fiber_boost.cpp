// Fiber backend for native builds: boost::context::fiber.
//
// boost's fiber is a one-shot continuation: resume() hands the resumed side the continuation of
// whoever resumed it. We keep each Fiber's continuation in its context record and, on every
// arrival, store the continuation we were handed into the fiber we came from.
#include <boost/context/fiber.hpp>

#include <cassert>
#include <cstdlib>
#include <memory>

#include "loopscope/fiber.hpp"
#include "stack_pool.hpp"

namespace loopscope {
namespace ctx = boost::context;

namespace {
// Hands boost stacks from the pool (boost calls allocate()/deallocate() on its own schedule:
// deallocate runs after the fiber has been left for good).
struct PooledStack {
  std::size_t size;
  ctx::stack_context allocate() {
    detail::StackBlock block = detail::acquire_stack(size);
    ctx::stack_context sctx;
    sctx.size = block.size;
    sctx.sp = static_cast<char*>(block.base) + block.size;
    return sctx;
  }
  void deallocate(ctx::stack_context& sctx) noexcept {
    detail::release_stack({static_cast<char*>(sctx.sp) - sctx.size, sctx.size});
  }
};

struct Context {
  ctx::fiber continuation;  // empty while the fiber runs
};
}  // namespace

struct Fiber::Backend {
  static thread_local Fiber* current;
  static thread_local Fiber* previous;
  static thread_local std::uint64_t next_id;

  static Fiber& thread_fiber() {
    static thread_local std::unique_ptr<Fiber> adopted;
    if (!adopted) {
      adopted.reset(new Fiber(std::uint64_t{0}));
      adopted->backend_ = new Context();
      adopted->state_ = FiberState::Running;
    }
    return *adopted;
  }

  // Runs first thing on the fiber we arrive on: park the continuation of the one we left.
  static void arrived(ctx::fiber&& from) {
    Fiber* prev = previous;
    if (prev->state_ != FiberState::Done) static_cast<Context*>(prev->backend_)->continuation = std::move(from);
  }

  static void enter(Fiber& next) {
    next.transition(FiberState::Ready);
    next.transition(FiberState::Running);
    current = &next;
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
  c->continuation = ctx::fiber(std::allocator_arg, PooledStack{stack_size_}, [this](ctx::fiber&& from) {
    Backend::arrived(std::move(from));
    Fiber* next = body_(arg_);
    assert(next && next != this);
    transition(FiberState::Done);
    Backend::previous = this;
    Backend::enter(*next);
    return std::move(static_cast<Context*>(next->backend_)->continuation);
  });
}

Fiber::~Fiber() {
  // A suspended fiber still holds frames; its owner must have run it to the end.
  assert(state_ == FiberState::Created || state_ == FiberState::Done || is_thread_fiber());
  delete static_cast<Context*>(backend_);
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
  ctx::fiber from = std::move(static_cast<Context*>(next.backend_)->continuation).resume();
  Backend::arrived(std::move(from));
}

}  // namespace loopscope
