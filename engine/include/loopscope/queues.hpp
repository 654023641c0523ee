// asyncio.Queue, PriorityQueue, LifoQueue (queues.py of CPython 3.11).
//
// The waiting logic (getters and putters queued FIFO, woken one at a time by _wakeup_next,
// task_done/join through an Event) is untyped and lives in QueueCore; the typed layer only
// stores items. maxsize <= 0 means unbounded, as in asyncio. Waiters show in the trace as
// "Queue#N.get", "Queue#N.put" and "Queue#N.join".
#pragma once

#include <algorithm>
#include <deque>
#include <functional>
#include <vector>

#include "loopscope/detail/primitive.hpp"
#include "loopscope/errors.hpp"
#include "loopscope/locks.hpp"

namespace loopscope {

// asyncio.QueueFull / QueueEmpty (raised with no message).
struct QueueFull : Error {
  QueueFull() : Error("QueueFull", "") {}
};
struct QueueEmpty : Error {
  QueueEmpty() : Error("QueueEmpty", "") {}
};

namespace detail {
class QueueCore : public Primitive {
 public:
  QueueCore(long maxsize, const char* type_name);
  virtual std::size_t qsize() const = 0;
  long maxsize() const { return maxsize_; }
  bool empty() const { return qsize() == 0; }
  bool full() const { return maxsize_ > 0 && static_cast<long>(qsize()) >= maxsize_; }
  // task_done(): ValueError("task_done() called too many times")
  void task_done();
  // Blocks until every item put has been marked done.
  void join();
  long unfinished_tasks() const { return unfinished_; }
  std::string repr() const override;
  // asyncio's Queue._format(): "maxsize=2[ _queue=...][ _getters[1]][ _putters[1]][ tasks=1]",
  // with `items` (the stored items' repr, which only the host can write; empty: left out).
  std::string format(const std::string& items = {}) const;

 protected:
  void wait_for_room();   // put()'s loop: until not full
  void wait_for_item();   // get()'s loop: until not empty
  void after_put();       // put_nowait() once stored
  void after_get() { wakeup_next(putters_); }
  void check_put() const {
    if (full()) throw QueueFull();
  }
  void check_get() const {
    if (empty()) throw QueueEmpty();
  }

 private:
  static void wakeup_next(std::deque<Future<void>>& waiters);
  void sync_tags();
  std::deque<Future<void>> getters_;
  std::deque<Future<void>> putters_;
  Event finished_;
  long maxsize_;
  long unfinished_ = 0;
};

template <class T>
struct FifoStore {
  static constexpr const char* name = "Queue";
  std::deque<T> items;
  void push(T item) { items.push_back(std::move(item)); }
  T pop() {
    T item = std::move(items.front());
    items.pop_front();
    return item;
  }
};

template <class T>
struct LifoStore {
  static constexpr const char* name = "LifoQueue";
  std::vector<T> items;
  void push(T item) { items.push_back(std::move(item)); }
  T pop() {
    T item = std::move(items.back());
    items.pop_back();
    return item;
  }
};

// heapq: the smallest item (by Compare) comes out first; equal items in heap order, as heapq.
template <class T, class Compare>
struct HeapStore {
  static constexpr const char* name = "PriorityQueue";
  std::vector<T> items;
  static bool after(const T& a, const T& b) { return Compare()(b, a); }
  void push(T item) {
    items.push_back(std::move(item));
    std::push_heap(items.begin(), items.end(), &HeapStore::after);
  }
  T pop() {
    std::pop_heap(items.begin(), items.end(), &HeapStore::after);
    T item = std::move(items.back());
    items.pop_back();
    return item;
  }
};
}  // namespace detail

template <class T, class Store>
class BasicQueue : public detail::QueueCore {
 public:
  explicit BasicQueue(long maxsize = 0) : QueueCore(maxsize, Store::name) {}
  std::size_t qsize() const override { return store_.items.size(); }

  // put(): waits while the queue is full.
  void put(T item) {
    wait_for_room();
    put_nowait(std::move(item));
  }
  void put_nowait(T item) {
    check_put();
    store_.push(std::move(item));
    after_put();
  }
  // get(): waits while the queue is empty.
  T get() {
    wait_for_item();
    return get_nowait();
  }
  T get_nowait() {
    check_get();
    T item = store_.pop();
    after_get();
    return item;
  }
  // The stored items in storage order (for inspection panels).
  const auto& items() const { return store_.items; }

 private:
  Store store_;
};

template <class T>
using Queue = BasicQueue<T, detail::FifoStore<T>>;
template <class T>
using LifoQueue = BasicQueue<T, detail::LifoStore<T>>;
template <class T, class Compare = std::less<T>>
using PriorityQueue = BasicQueue<T, detail::HeapStore<T, Compare>>;

}  // namespace loopscope
