// Driving loops from a host that must never block: the browser (or Node's) own event loop.
//
// The program (C++ example, or the Python interpreter running a module) runs on a fiber of its
// own. The host calls drive(): the program, and whatever loop it runs, go on until the slice's
// budget is spent, a loop would have to wait (a timer on the real clock, outside I/O), or the
// program ends. drive() then returns how it ended, and the host arms one setTimeout for the next
// deadline, or waits for I/O to complete, and calls drive() again. Every fiber switch happens
// inside drive(); the host never re-enters the module while a switch is in progress.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>

#include "loopscope/clock.hpp"
#include "loopscope/fiber.hpp"

namespace loopscope {

class Driver;
class Loop;
namespace detail {
extern __thread Driver* active_driver;  // read on the loop's hot path: no TLS wrapper calls
}

// How a driven slice ended.
struct SliceResult {
  enum class End {
    Budget,        // time or step budget spent (or the host asked to pause): call drive() again
    WaitTimer,     // nothing to do before `deadline` (loop time): arm a timer
    WaitExternal,  // waiting for outside work (I/O, input) to call back
    Finished,      // the program is over (see Driver::error())
  } end = End::Finished;
  Nanos deadline = 0;
};

struct SliceBudget {
  Nanos real_time = 8'000'000;  // 8 ms: the page stays responsive
  std::int64_t task_steps = -1;  // >= 0: stop after that many task steps end ("Step" button)
};

class Driver {
 public:
  Driver() = default;
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  void start(std::function<void()> program, std::size_t stack_size = 1024 * 1024);
  SliceResult drive(SliceBudget budget = {});
  bool started() const { return static_cast<bool>(program_fiber_) || finished_; }
  bool finished() const { return finished_; }
  std::exception_ptr error() const { return error_; }

  // The driver whose drive() is running on this thread, if any.
  static Driver* active() { return detail::active_driver; }

  // From program or task code (e.g. the interpreter's instruction budget): end the slice now
  // and continue right here on the next drive(). Does nothing when not driven.
  void yield_to_host();
  // True once the current slice's real-time budget is spent (always true when not driving): code
  // that could yield at any moment (an interpreter's instruction budget) asks before it does.
  bool real_time_spent() const;

  // ---- for loops
  bool slice_should_end();
  void step_ended() { ++steps_; }
  std::int64_t steps_in_slice() const { return steps_; }
  Fiber& host_fiber() const { return *host_fiber_; }
  void park(Fiber& fiber) { resume_ = &fiber; }
  void end_slice(SliceResult result) { slice_ = result; }

 private:
  static Fiber* program_main(void* self);

  std::unique_ptr<Fiber> program_fiber_;
  std::function<void()> program_;
  std::exception_ptr error_;
  Fiber* host_fiber_ = nullptr;
  // What belongs to the program's thread of control, set aside between slices so that several
  // driven programs (several engines in one page or process) never see each other's.
  Loop* running_loop_ = nullptr;
  std::uint64_t task_counter_ = 0;
  Fiber* resume_ = nullptr;  // the fiber to continue on the next drive()
  SliceResult slice_;
  SliceBudget budget_;
  Nanos real_deadline_ = 0;
  std::int64_t steps_ = 0;
  std::uint32_t check_countdown_ = 0;
  bool finished_ = false;
};

}  // namespace loopscope
