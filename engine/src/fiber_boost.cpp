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

#if defined(LOOPSCOPE_SANITIZED)
#include <sanitizer/common_interface_defs.h>
#endif

namespace loopscope {
namespace ctx = boost::context;

namespace {
struct Context {
  ctx::fiber continuation;  // empty while the fiber runs
  // For AddressSanitizer, which must be told about every switch of stacks.
  const void* stack_bottom = nullptr;
  std::size_t stack_bytes = 0;
  void* fake_stack = nullptr;
};

// Tells ASan "we are about to run on `to`'s stack" / "we arrived; this is where we came from".
void before_switch(Context* from, Context& to) {
#if defined(LOOPSCOPE_SANITIZED)
  __sanitizer_start_switch_fiber(from ? &from->fake_stack : nullptr, to.stack_bottom, to.stack_bytes);
#else
  (void)from;
  (void)to;
#endif
}
void after_switch(Context* self, Context& from) {
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

// Hands boost stacks from the pool (boost calls allocate()/deallocate() on its own schedule:
// deallocate runs after the fiber has been left for good).
struct PooledStack {
  std::size_t size;
  Context* owner;
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

  static Context* context(Fiber* f) { return static_cast<Context*>(f->backend_); }

  // Runs first thing on the fiber we arrive on: park the continuation of the one we left.
  static void arrived(ctx::fiber&& from) {
    Fiber* prev = previous;
    after_switch(context(current), *context(prev));
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
  c->continuation = ctx::fiber(std::allocator_arg, PooledStack{stack_size_, c}, [this](ctx::fiber&& from) {
    Backend::arrived(std::move(from));
    Fiber* next = body_(arg_);
    assert(next && next != this);
    transition(FiberState::Done);
    Backend::previous = this;
    Backend::enter(*next);
    before_switch(nullptr, *Backend::context(next));  // this stack is never used again
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
  before_switch(Backend::context(&self), *Backend::context(&next));
  ctx::fiber from = std::move(static_cast<Context*>(next.backend_)->continuation).resume();
  Backend::arrived(std::move(from));
}

}  // namespace loopscope
