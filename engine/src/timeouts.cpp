// asyncio.Timeout (timeouts.py of CPython 3.11).
#include "loopscope/timeouts.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace loopscope {

namespace {
const char* state_name(Timeout::State s) {
  switch (s) {
    case Timeout::State::Created: return "created";
    case Timeout::State::Entered: return "active";
    case Timeout::State::Expiring: return "expiring";
    case Timeout::State::Expired: return "expired";
    case Timeout::State::Exited: return "finished";
  }
  return "?";
}
}  // namespace

void Timeout::reschedule(std::optional<double> when) {
  if (state_ != State::Entered) throw RuntimeError(std::string("Cannot change state of ") + state_name(state_) + " Timeout");
  when_ = when;
  handle_.cancel();
  if (!when) {
    handle_ = Handle();
    return;
  }
  Loop& loop = get_running_loop();
  if (*when <= loop.time()) handle_ = loop.call_soon([this] { on_timeout(); });
  else handle_ = loop.call_at(*when, [this] { on_timeout(); });
}

std::string Timeout::repr() const {
  std::string info;
  if (state_ == State::Entered) {
    if (when_) {
      // Python's repr of round(when, 3): the shortest text that reads back the same
      double v = std::round(*when_ * 1000.0) / 1000.0;
      char buf[64];
      for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
      }
      std::string num = buf;
      if (num.find_first_of(".e") == std::string::npos) num += ".0";
      info = " when=" + num;
    } else {
      info = " when=None";
    }
  }
  return std::string("<Timeout [") + state_name(state_) + "]" + info + ">";
}

void Timeout::enter() {
  state_ = State::Entered;
  task_ = current_task();
  if (!task_) throw RuntimeError("Timeout should be used inside a task");
  reschedule(when_);
}

void Timeout::exit(const std::exception_ptr& error) {
  handle_.cancel();
  handle_ = Handle();
  if (state_ == State::Expiring) {
    state_ = State::Expired;
    if (task_->uncancel() == 0 && detail::is_cancelled_error(error)) throw TimeoutError(error);
  } else if (state_ == State::Entered) {
    state_ = State::Exited;
  }
}

void Timeout::on_timeout() {
  task_->cancel();
  state_ = State::Expiring;
  handle_ = Handle();
}

}  // namespace loopscope
