// CPython 3.11's asyncio/locks.py, line by line where the order of events depends on it.
#include "loopscope/locks.hpp"

#include "loopscope/tasks.hpp"

namespace loopscope {

namespace {
std::string with_waiters(std::string extra, std::size_t waiters) {
  if (waiters) extra += ", waiters:" + std::to_string(waiters);
  return extra;
}

// Waits on `fut` queued at the back of `waiters`, and takes it out of the queue again however the
// wait ends; when it ends by an exception, `on_error(cancelled)` runs after that (asyncio's
// `finally: waiters.remove(fut)` with an `except CancelledError:` before it).
template <class OnError>
void await_queued(std::deque<Future<void>>& waiters, const Future<void>& fut, OnError on_error) {
  waiters.push_back(fut);
  try {
    await(fut);
  } catch (const CancelledError&) {
    detail::erase_one(waiters, fut);
    on_error(true);
    throw;
  } catch (...) {
    detail::erase_one(waiters, fut);
    on_error(false);
    throw;
  }
  detail::erase_one(waiters, fut);
}
void no_cleanup(bool) {}
}  // namespace

// ---------------------------------------------------------------- Lock

bool Lock::acquire() {
  if (!locked_ && std::all_of(waiters_.begin(), waiters_.end(), [](const Future<void>& w) { return w.cancelled(); })) {
    locked_ = true;
    return true;
  }
  await_queued(waiters_, make_waiter(), [this](bool cancelled) {
    if (cancelled && !locked_) wake_up_first();
  });
  locked_ = true;
  return true;
}

void Lock::release() {
  if (!locked_) throw RuntimeError("Lock is not acquired.");
  locked_ = false;
  wake_up_first();
}

void Lock::wake_up_first() {
  if (waiters_.empty()) return;
  Future<void> fut = waiters_.front();
  if (!fut.done()) fut.set_result();
}

std::string Lock::repr() const {
  return "<" + trace_name() + " [" + with_waiters(locked_ ? "locked" : "unlocked", waiters_.size()) + "]>";
}

// ---------------------------------------------------------------- Event

void Event::set() {
  if (value_) return;
  value_ = true;
  for (auto& fut : waiters_) {
    if (!fut.done()) fut.set_result();
  }
}

bool Event::wait() {
  if (value_) return true;
  await_queued(waiters_, make_waiter(), no_cleanup);
  return true;
}

std::string Event::repr() const {
  return "<" + trace_name() + " [" + with_waiters(value_ ? "set" : "unset", waiters_.size()) + "]>";
}

// ---------------------------------------------------------------- Condition

bool Condition::wait() {
  if (!locked()) throw RuntimeError("cannot wait on un-acquired lock");
  release();
  std::exception_ptr pending;
  try {
    await_queued(waiters_, make_waiter(), no_cleanup);
  } catch (...) {
    pending = std::current_exception();
  }
  // finally: re-acquire the lock whatever happened; a cancellation meanwhile is raised after.
  bool cancelled = false;
  for (;;) {
    try {
      acquire();
      break;
    } catch (const CancelledError&) {
      cancelled = true;
    }
  }
  if (cancelled) throw CancelledError();
  if (pending) std::rethrow_exception(pending);
  return true;
}

void Condition::notify(std::size_t n) {
  if (!locked()) throw RuntimeError("cannot notify on un-acquired lock");
  std::size_t idx = 0;
  for (auto& fut : waiters_) {
    if (idx >= n) break;
    if (!fut.done()) {
      ++idx;
      fut.set_result();
    }
  }
}

std::string Condition::repr() const {
  return "<" + trace_name() + " [" + with_waiters(locked() ? "locked" : "unlocked", waiters_.size()) + "]>";
}

// ---------------------------------------------------------------- Semaphore

Semaphore::Semaphore(long value) : Semaphore(value, "Semaphore") {}

Semaphore::Semaphore(long value, const char* type_name) : Primitive(WaitKind::Semaphore, type_name), value_(value) {
  if (value < 0) throw ValueError("Semaphore initial value must be >= 0");
}

bool Semaphore::locked() const {
  return value_ == 0 ||
         std::any_of(waiters_.begin(), waiters_.end(), [](const Future<void>& w) { return !w.cancelled(); });
}

bool Semaphore::acquire() {
  if (!locked()) {
    --value_;
    return true;
  }
  Future<void> fut = make_waiter();
  await_queued(waiters_, fut, [&](bool cancelled) {
    if (cancelled && !fut.cancelled()) {
      // woken, then cancelled before it ran: give the unit back to the next waiter
      ++value_;
      wake_up_next();
    }
  });
  if (value_ > 0) wake_up_next();
  return true;
}

void Semaphore::release() {
  ++value_;
  wake_up_next();
}

void Semaphore::wake_up_next() {
  for (auto& fut : waiters_) {
    if (!fut.done()) {
      --value_;
      fut.set_result();
      return;
    }
  }
}

std::string Semaphore::repr() const {
  std::string extra = locked() ? "locked" : "unlocked, value:" + std::to_string(value_);
  return "<" + trace_name() + " [" + with_waiters(extra, waiters_.size()) + "]>";
}

void BoundedSemaphore::release() {
  if (value_ >= bound_) throw ValueError("BoundedSemaphore released too many times");
  Semaphore::release();
}

// ---------------------------------------------------------------- Barrier

Barrier::Barrier(int parties) : Primitive(WaitKind::Barrier, "Barrier"), parties_(parties) {
  if (parties < 1) throw ValueError("parties must be > 0");
  sync_tags();
}

// The Condition inside waits on this Barrier's behalf: the trace shows "Barrier#N".
void Barrier::sync_tags() {
  if (object_id() && cond_.object_id() != object_id()) {
    cond_.retag(WaitKind::Barrier, object_id(), trace_name());
    cond_.underlying_lock().retag(WaitKind::Barrier, object_id(), trace_name() + ".lock");
  }
}

int Barrier::wait() {
  get_loop();
  sync_tags();
  cond_.acquire();  // async with self._cond:
  int index;
  try {
    block();
    index = count_++;
    try {
      if (index + 1 == parties_) {
        state_ = State::Draining;  // _release()
        cond_.notify_all();
      } else {
        wait_released();
      }
    } catch (...) {
      --count_;
      exit();
      throw;
    }
    --count_;
    exit();
  } catch (...) {
    cond_.release();
    throw;
  }
  cond_.release();
  return index;
}

void Barrier::block() {
  cond_.wait_for([this] { return state_ != State::Draining && state_ != State::Resetting; });
  if (state_ == State::Broken) throw BrokenBarrierError("Barrier aborted");
}

void Barrier::wait_released() {
  cond_.wait_for([this] { return state_ != State::Filling; });
  if (state_ == State::Broken || state_ == State::Resetting) throw BrokenBarrierError("Abort or reset of barrier");
}

void Barrier::exit() {
  if (count_ == 0) {
    if (state_ == State::Resetting || state_ == State::Draining) state_ = State::Filling;
    cond_.notify_all();
  }
}

void Barrier::reset() {
  get_loop();
  sync_tags();
  cond_.acquire();
  if (count_ > 0) {
    if (state_ != State::Resetting) state_ = State::Resetting;
  } else {
    state_ = State::Filling;
  }
  cond_.notify_all();
  cond_.release();
}

void Barrier::abort() {
  get_loop();
  sync_tags();
  cond_.acquire();
  state_ = State::Broken;
  cond_.notify_all();
  cond_.release();
}

std::string Barrier::repr() const {
  static const char* names[] = {"filling", "draining", "resetting", "broken"};
  std::string extra = names[static_cast<int>(state_)];
  if (!broken()) extra += ", waiters:" + std::to_string(n_waiting()) + "/" + std::to_string(parties_);
  return "<" + trace_name() + " [" + extra + "]>";
}

}  // namespace loopscope
