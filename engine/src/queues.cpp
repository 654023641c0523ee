// CPython 3.11's asyncio/queues.py (the untyped part).
#include "loopscope/queues.hpp"

#include "loopscope/tasks.hpp"

namespace loopscope::detail {

QueueCore::QueueCore(long maxsize, const char* type_name) : Primitive(WaitKind::Queue, type_name), maxsize_(maxsize) {
  finished_.set();
  sync_tags();
}

void QueueCore::sync_tags() {
  if (object_id() && finished_.object_id() != object_id()) finished_.retag(WaitKind::Queue, object_id(), trace_name() + ".join");
}

void QueueCore::wakeup_next(std::deque<Future<void>>& waiters) {
  while (!waiters.empty()) {
    Future<void> waiter = waiters.front();
    waiters.pop_front();
    if (!waiter.done()) {
      waiter.set_result();
      break;
    }
  }
}

void QueueCore::wait_for_room() {
  while (full()) {
    Future<void> putter = make_waiter("put");
    putters_.push_back(putter);
    try {
      await(putter);
    } catch (...) {
      putter.cancel();  // just in case it is not done yet
      erase_one(putters_, putter);
      if (!full() && !putter.cancelled()) wakeup_next(putters_);
      throw;
    }
  }
}

void QueueCore::wait_for_item() {
  while (empty()) {
    Future<void> getter = make_waiter("get");
    getters_.push_back(getter);
    try {
      await(getter);
    } catch (...) {
      getter.cancel();
      erase_one(getters_, getter);
      if (!empty() && !getter.cancelled()) wakeup_next(getters_);
      throw;
    }
  }
}

void QueueCore::after_put() {
  ++unfinished_;
  finished_.clear();
  wakeup_next(getters_);
}

void QueueCore::task_done() {
  if (unfinished_ <= 0) throw ValueError("task_done() called too many times");
  --unfinished_;
  if (unfinished_ == 0) finished_.set();
}

void QueueCore::join() {
  if (unfinished_ > 0) {
    get_loop();
    sync_tags();
    finished_.wait();
  }
}

std::string QueueCore::repr() const { return "<" + std::string(type_name()) + " " + format() + ">"; }

std::string QueueCore::format(const std::string& items) const {
  std::string out = "maxsize=" + std::to_string(maxsize_);
  if (!items.empty()) out += " _queue=" + items;
  if (!getters_.empty()) out += " _getters[" + std::to_string(getters_.size()) + "]";
  if (!putters_.empty()) out += " _putters[" + std::to_string(putters_.size()) + "]";
  if (unfinished_) out += " tasks=" + std::to_string(unfinished_);
  return out;
}

}  // namespace loopscope::detail
