#include "loopscope/driver.hpp"

#include <chrono>

#include "loopscope/loop.hpp"

namespace loopscope {

namespace detail {
__thread Driver* active_driver = nullptr;
}
using detail::active_driver;

namespace {

// How often (in dispatched items) a slice looks at the real clock.
constexpr std::uint32_t kCheckInterval = 64;

Nanos steady_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Driver::~Driver() {
  // A program stopped halfway still has frames on its fiber; they cannot be unwound from here.
  // Hosts discard the whole instance on stop (the browser terminates the worker), so the stack
  // is abandoned rather than destroyed while suspended.
  if (program_fiber_ && program_fiber_->state() != FiberState::Done) (void)program_fiber_.release();
}

void Driver::start(std::function<void()> program, std::size_t stack_size) {
  program_ = std::move(program);
  finished_ = false;
  error_ = nullptr;
  program_fiber_ = std::make_unique<Fiber>(&Driver::program_main, this, stack_size);
  resume_ = program_fiber_.get();
}

Fiber* Driver::program_main(void* self) {
  auto& d = *static_cast<Driver*>(self);
  if (Loop* loop = Loop::running()) loop->finish_arrival();
  try {
    d.program_();
  } catch (...) {
    d.error_ = std::current_exception();
  }
  d.finished_ = true;
  d.slice_ = SliceResult{SliceResult::End::Finished, 0};
  return d.host_fiber_;
}

bool Driver::slice_should_end() {
  if (budget_.task_steps >= 0 && steps_ >= budget_.task_steps) {
    slice_ = SliceResult{SliceResult::End::Budget, 0};
    return true;
  }
  if (--check_countdown_ > 0) return false;
  check_countdown_ = kCheckInterval;
  if (steady_nanos() < real_deadline_) return false;
  slice_ = SliceResult{SliceResult::End::Budget, 0};
  return true;
}

SliceResult Driver::drive(SliceBudget budget) {
  if (finished_) return SliceResult{SliceResult::End::Finished, 0};
  Driver* outer = active_driver;
  active_driver = this;
  Loop* outer_loop = detail::running_loop;
  std::uint64_t outer_counter = detail::task_counter();
  detail::running_loop = running_loop_;
  detail::task_counter() = task_counter_;
  host_fiber_ = &Fiber::current();
  budget_ = budget;
  steps_ = 0;
  slice_ = SliceResult{SliceResult::End::Budget, 0};
  real_deadline_ = steady_nanos() + budget.real_time;
  check_countdown_ = kCheckInterval;
  Fiber* target = resume_;
  resume_ = nullptr;
  if (target) {
    Fiber::switch_to(*target);
    if (Loop* loop = Loop::running()) loop->finish_arrival();
  } else if (Loop* loop = Loop::running()) {
    // The fiber that ended the last slice was a task that finished: nobody is parked, so the
    // host's own fiber picks up the loop's work.
    loop->dispatch_from_host();
  }
  host_fiber_ = nullptr;
  active_driver = outer;
  running_loop_ = detail::running_loop;
  task_counter_ = detail::task_counter();
  detail::running_loop = outer_loop;
  detail::task_counter() = outer_counter;
  if (finished_) program_fiber_.reset();
  return slice_;
}

bool Driver::real_time_spent() const { return active_driver != this || steady_nanos() >= real_deadline_; }

void Driver::yield_to_host() {
  if (active_driver != this || !host_fiber_) return;
  slice_ = SliceResult{SliceResult::End::Budget, 0};
  resume_ = &Fiber::current();
  Fiber::switch_to(*host_fiber_);
  if (Loop* loop = Loop::running()) loop->finish_arrival();
}

}  // namespace loopscope
