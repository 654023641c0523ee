// What the loop needs from the world around it: a way to wait for outside events (asyncio's
// selector). Phase 3 of every iteration asks the host to wait up to `timeout`.
#pragma once

#include "loopscope/clock.hpp"

namespace loopscope {

class Loop;

enum class PollOutcome {
  Polled,      // waited as asked (or no wait was needed); outside events were delivered
  MustYield,   // cannot wait here: the loop yields to its driver (the browser) and resumes later
  Deadlock,    // asked to wait forever with nothing that could ever wake the loop
};

class Host {
 public:
  virtual ~Host() = default;
  // Wait up to `timeout` nanoseconds (-1: no limit) for outside events, delivering them through
  // Loop::call_soon_threadsafe. On a virtual clock, "waiting" means jumping the clock forward.
  virtual PollOutcome poll(Loop& loop, Nanos timeout) = 0;
};

// The standard host. Not driven: waits on a condition variable for call_soon_threadsafe
// (executor threads) or jumps a virtual clock. Driven (Loop::drive, the browser): never blocks;
// when the loop would wait on a real clock or on outside work it yields to the driver, which
// arms one timer for the deadline. A virtual clock jumps in both cases.
class StandardHost final : public Host {
 public:
  PollOutcome poll(Loop& loop, Nanos timeout) override;
};

}  // namespace loopscope
