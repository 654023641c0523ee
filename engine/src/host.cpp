#include "loopscope/host.hpp"

#include "loopscope/loop.hpp"

namespace loopscope {

PollOutcome StandardHost::poll(Loop& loop, Nanos timeout) {
  Clock& clock = loop.clock();
  if (timeout == 0) {
    loop.wait_for_threadsafe(0);
    return PollOutcome::Polled;
  }
  const bool outside_work = loop.external_work() > 0;
  if (clock.is_virtual() && !outside_work) {
    // Nothing can happen in between: jump straight to the next deadline.
    if (timeout < 0) return PollOutcome::Deadlock;
    clock.advance_to(clock.now() + timeout);
    loop.wait_for_threadsafe(0);
    return PollOutcome::Polled;
  }
  if (timeout < 0 && !outside_work) {
    loop.wait_for_threadsafe(0);
    return loop.ready_count() > 0 ? PollOutcome::Polled : PollOutcome::Deadlock;
  }
  if (Loop::is_driven()) {
    // The browser's thread must not block: deliver what has arrived, else let the driver wait.
    loop.wait_for_threadsafe(0);
    return loop.ready_count() > 0 ? PollOutcome::Polled : PollOutcome::MustYield;
  }
  // Virtual time stands still while outside work (a real thread) runs; real time just passes.
  if (clock.is_virtual() || timeout < 0) loop.wait_for_threadsafe(-1);
  else loop.wait_for_threadsafe(clock.to_real(timeout));
  return PollOutcome::Polled;
}

}  // namespace loopscope
