// What every synchronisation primitive shares (asyncio's mixins._LoopBoundMixin): the loop it is
// bound to, an id for the trace, and the futures its waiters sleep on, tagged with a wait reason
// ("Lock#3", "Queue#7.get") so the timeline can say what a task waits for.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "loopscope/future.hpp"
#include "loopscope/trace.hpp"

namespace loopscope {
class Loop;
namespace detail {

class Primitive {
 public:
  Primitive(WaitKind kind, const char* type_name);
  virtual ~Primitive() = default;
  Primitive(const Primitive&) = delete;
  Primitive& operator=(const Primitive&) = delete;

  // The per-loop id of this primitive (0 until it is bound to a loop).
  std::uint64_t object_id() const { return id_; }
  // "Lock#3": how the trace names this primitive.
  std::string trace_name() const;
  // asyncio's repr, e.g. <Lock#3 [locked, waiters:1]> (asyncio prints an address where the #id is).
  virtual std::string repr() const = 0;

  // The loop this primitive belongs to: bound on first use, RuntimeError from any other loop.
  Loop& get_loop();

  // Waiters of this primitive are recorded as `kind` on `object` with this name (used by
  // primitives built from others: a Barrier's Condition, a Queue's Event).
  void retag(WaitKind kind, std::uint64_t object, std::string name);

 protected:
  // A fresh future for a waiter, tagged for the trace; `suffix` gives "Queue#2.get".
  Future<void> make_waiter(const char* suffix = nullptr);
  const char* type_name() const { return type_; }

 private:
  void bind(Loop& loop);
  std::shared_ptr<LoopLife> life_;
  std::uint64_t id_ = 0;
  std::string name_;  // empty: type#id
  WaitKind kind_;
  const char* type_;
};

// Removes the first occurrence of `f` (deque.remove; false if absent, as ValueError would be).
inline bool erase_one(std::deque<Future<void>>& waiters, const Future<void>& f) {
  auto it = std::find(waiters.begin(), waiters.end(), f);
  if (it == waiters.end()) return false;
  waiters.erase(it);
  return true;
}

}  // namespace detail
}  // namespace loopscope
