// asyncio's synchronisation primitives (locks.py of CPython 3.11): Lock, Event, Condition,
// Semaphore, BoundedSemaphore, Barrier.
//
// Each waiter sleeps on its own future, queued FIFO, exactly as asyncio does, so the order in
// which tasks get a lock or wake from an event matches Python's. The fairness details follow the
// CPython 3.11 used as the oracle (3.11.7): Lock.acquire takes the fast path only when every
// queued waiter is cancelled, and a cancelled acquirer that was already woken passes the wake-up
// on (_wake_up_first); Semaphore.release hands the unit straight to the first waiter by
// decrementing the value in _wake_up_next, so a task arriving later cannot overtake it.
//
// "async with lock:" is a scope: Lock and Semaphore have lock()/unlock(), so std::lock_guard and
// std::unique_lock work on them (acquiring may suspend the task's fiber; releasing never does).
//
// Primitives bind to the running loop when created inside one, else on first use; using one from
// another loop raises RuntimeError("... is bound to a different event loop"). For the trace,
// every primitive has a per-loop id and its waiters' futures are tagged with it ("Lock#3").
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "loopscope/detail/primitive.hpp"
#include "loopscope/errors.hpp"
#include "loopscope/future.hpp"

namespace loopscope {

// asyncio.BrokenBarrierError (a RuntimeError subclass in Python).
struct BrokenBarrierError : Error {
  explicit BrokenBarrierError(const std::string& what) : Error("BrokenBarrierError", what) {}
};

class Lock : public detail::Primitive {
 public:
  Lock() : Primitive(WaitKind::Lock, "Lock") {}
  bool acquire();  // always true, as in asyncio
  void release();  // RuntimeError("Lock is not acquired.") when unlocked
  bool locked() const { return locked_; }
  void lock() { acquire(); }
  void unlock() { release(); }
  std::size_t waiter_count() const { return waiters_.size(); }
  std::string repr() const override;

 private:
  void wake_up_first();
  std::deque<Future<void>> waiters_;
  bool locked_ = false;
};

class Event : public detail::Primitive {
 public:
  Event() : Primitive(WaitKind::Event, "Event") {}
  bool is_set() const { return value_; }
  void set();
  void clear() { value_ = false; }
  bool wait();  // always true
  std::size_t waiter_count() const { return waiters_.size(); }
  std::string repr() const override;

 private:
  std::deque<Future<void>> waiters_;
  bool value_ = false;
};

class Condition : public detail::Primitive {
 public:
  Condition() : Primitive(WaitKind::Condition, "Condition"), own_(std::make_unique<Lock>()), lock_(own_.get()) {}
  explicit Condition(Lock& lock) : Primitive(WaitKind::Condition, "Condition"), lock_(&lock) {}

  bool locked() const { return lock_->locked(); }
  bool acquire() { return lock_->acquire(); }
  void release() { lock_->release(); }
  void lock() { acquire(); }
  void unlock() { release(); }

  // Releases the lock, waits for notify(), re-acquires the lock (even when cancelled, as
  // asyncio does: the CancelledError is raised after the lock is held again).
  bool wait();
  template <class Predicate>
  auto wait_for(Predicate predicate) {
    auto result = predicate();
    while (!result) {
      wait();
      result = predicate();
    }
    return result;
  }
  void notify(std::size_t n = 1);
  void notify_all() { notify(waiters_.size()); }
  std::size_t waiter_count() const { return waiters_.size(); }
  std::string repr() const override;
  Lock& underlying_lock() { return *lock_; }

 private:
  std::unique_ptr<Lock> own_;
  Lock* lock_;
  std::deque<Future<void>> waiters_;
};

class Semaphore : public detail::Primitive {
 public:
  explicit Semaphore(long value = 1);  // ValueError("Semaphore initial value must be >= 0")
  bool locked() const;
  bool acquire();
  virtual void release();
  void lock() { acquire(); }
  void unlock() { release(); }
  long value() const { return value_; }
  std::size_t waiter_count() const { return waiters_.size(); }
  std::string repr() const override;

 protected:
  Semaphore(long value, const char* type_name);
  void wake_up_next();
  std::deque<Future<void>> waiters_;
  long value_;
};

class BoundedSemaphore : public Semaphore {
 public:
  explicit BoundedSemaphore(long value = 1) : Semaphore(value, "BoundedSemaphore"), bound_(value) {}
  void release() override;  // ValueError("BoundedSemaphore released too many times")

 private:
  long bound_;
};

class Barrier : public detail::Primitive {
 public:
  explicit Barrier(int parties);  // ValueError("parties must be > 0")
  // Returns this task's index, 0 .. parties-1; BrokenBarrierError when aborted or reset.
  int wait();
  void reset();
  void abort();
  int parties() const { return parties_; }
  int n_waiting() const { return state_ == State::Filling ? count_ : 0; }
  bool broken() const { return state_ == State::Broken; }
  std::string repr() const override;

 private:
  enum class State { Filling, Draining, Resetting, Broken };
  void sync_tags();
  void block();
  void wait_released();
  void exit();
  Condition cond_;
  int parties_;
  int count_ = 0;
  State state_ = State::Filling;
};

}  // namespace loopscope
