// A FIFO queue in one growable ring buffer, for trivially copyable items.
//
// Why not std::deque: the ready queue is pushed and popped on every task switch; a power-of-two
// ring does each in a handful of instructions and never allocates once it has grown.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>

namespace loopscope::detail {

template <class T>
class RingQueue {
  static_assert(std::is_trivially_copyable_v<T>, "RingQueue moves items with memcpy");

 public:
  RingQueue() = default;
  RingQueue(const RingQueue&) = delete;
  RingQueue& operator=(const RingQueue&) = delete;

  bool empty() const { return head_ == tail_; }
  std::size_t size() const { return tail_ - head_; }

  void push_back(const T& item) {
    if (size() == capacity_) grow();
    items_[tail_ & (capacity_ - 1)] = item;
    ++tail_;
  }
  const T& front() const {
    assert(!empty());
    return items_[head_ & (capacity_ - 1)];
  }
  void pop_front() {
    assert(!empty());
    ++head_;
  }
  const T& operator[](std::size_t i) const { return items_[(head_ + i) & (capacity_ - 1)]; }
  void clear() { head_ = tail_ = 0; }

  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = head_; i != tail_; ++i) f(items_[i & (capacity_ - 1)]);
  }

 private:
  __attribute__((noinline)) void grow() {  // off the hot path: push_back is inlined into task code
    std::size_t capacity = capacity_ ? capacity_ * 2 : 64;
    std::unique_ptr<T[]> items(new T[capacity]);
    std::size_t n = size();
    for (std::size_t i = 0; i < n; ++i) items[i] = (*this)[i];
    items_ = std::move(items);
    capacity_ = capacity;
    head_ = 0;
    tail_ = n;
  }

  std::unique_ptr<T[]> items_;
  std::size_t capacity_ = 0;
  std::size_t head_ = 0;  // grows without wrapping; indexes are masked
  std::size_t tail_ = 0;
};

}  // namespace loopscope::detail
