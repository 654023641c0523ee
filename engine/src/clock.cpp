#include "loopscope/clock.hpp"

#include <cmath>

namespace loopscope {

Nanos seconds_to_nanos(double seconds) {
  if (!(seconds > 0)) return 0;  // negative and NaN delays mean "now", as in asyncio
  double ns = std::round(seconds * 1e9);
  if (ns > 9.0e18) return static_cast<Nanos>(9'000'000'000'000'000'000LL);
  return static_cast<Nanos>(ns);
}

RealClock::RealClock(double speed) : origin_(Steady::now()), speed_(speed) {}

Nanos RealClock::now() const {
  auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now() - origin_).count();
  return offset_ + static_cast<Nanos>(static_cast<double>(elapsed) * speed_);
}

Nanos RealClock::to_real(Nanos ns) const { return static_cast<Nanos>(static_cast<double>(ns) / speed_); }

void RealClock::set_speed(double speed) {
  offset_ = now();
  origin_ = Steady::now();
  speed_ = speed;
}

}  // namespace loopscope
