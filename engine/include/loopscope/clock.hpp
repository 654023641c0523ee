// The loop's clock. Everything that prints or records time reads it, so a run on the virtual
// clock is deterministic. Times are integer nanoseconds (loop.time() converts to seconds).
#pragma once

#include <chrono>
#include <cstdint>

namespace loopscope {

using Nanos = std::int64_t;
constexpr Nanos kNanosPerSecond = 1'000'000'000;

Nanos seconds_to_nanos(double seconds);
inline double nanos_to_seconds(Nanos ns) { return static_cast<double>(ns) / 1e9; }

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Nanos now() const = 0;
  // True when time moves only because the loop says so (see VirtualClock).
  virtual bool is_virtual() const = 0;
  // Virtual clocks jump forward; real clocks ignore this (time passes on its own).
  virtual void advance_to(Nanos when) { (void)when; }
  // How many real nanoseconds pass while this clock advances by `ns` (for waiting on it).
  virtual Nanos to_real(Nanos ns) const { return ns; }
};

// Monotonic time since the clock was made, scaled by a speed factor (0.1x .. 10x in the
// playground). Changing speed keeps time continuous.
class RealClock final : public Clock {
 public:
  explicit RealClock(double speed = 1.0);
  Nanos now() const override;
  bool is_virtual() const override { return false; }
  Nanos to_real(Nanos ns) const override;
  void set_speed(double speed);
  double speed() const { return speed_; }

 private:
  using Steady = std::chrono::steady_clock;
  Steady::time_point origin_;
  Nanos offset_ = 0;  // clock time at origin_
  double speed_;
};

// Time stands still while anything is ready; when nothing is, the loop jumps it to the next
// timer's deadline (trio's MockClock with autojump, asyncio's test loops).
class VirtualClock final : public Clock {
 public:
  Nanos now() const override { return now_; }
  bool is_virtual() const override { return true; }
  void advance_to(Nanos when) override {
    if (when > now_) now_ = when;
  }
  // Lets the loop read virtual time without a virtual call (it does so for every trace record).
  const Nanos* now_address() const { return &now_; }

 private:
  Nanos now_ = 0;
};

}  // namespace loopscope
