// asyncio.wait / wait_for internals (tasks.py of CPython 3.11).
#include "loopscope/wait.hpp"

#include <cstdio>

namespace loopscope::detail {

namespace {
Future<void> make_waiter(Loop& loop, WaitKind kind, const char* label) {
  Future<void> waiter = loop.create_future<void>();
  waiter.state().set_wait_reason(kind, 0, loop.tracing() ? loop.trace().intern(label) : 0);
  return waiter;
}
// _release_waiter
void release_waiter(FutureState& waiter) {
  if (!waiter.done()) waiter.mark_finished();
}
}  // namespace

void wait_states(const std::vector<std::shared_ptr<FutureState>>& fs, std::optional<double> timeout,
                 ReturnWhen return_when) {
  Loop& loop = get_running_loop();
  Future<void> waiter = make_waiter(loop, WaitKind::Wait, "wait");
  auto w = waiter.shared_state();
  Handle timeout_handle;
  if (timeout) timeout_handle = loop.call_later(*timeout, [w] { release_waiter(*w); });
  auto counter = std::make_shared<std::size_t>(fs.size());
  auto on_completion = [w, counter, return_when, timeout_handle](FutureState& f) mutable {
    --*counter;
    if (*counter == 0 || return_when == ReturnWhen::FirstCompleted ||
        (return_when == ReturnWhen::FirstException && !f.cancelled() && f.exception())) {
      timeout_handle.cancel();
      release_waiter(*w);
    }
  };
  std::vector<std::uint64_t> ids;
  ids.reserve(fs.size());
  for (auto& f : fs) ids.push_back(f->add_done_callback(on_completion));
  auto cleanup = [&] {
    timeout_handle.cancel();
    for (std::size_t i = 0; i < fs.size(); ++i) fs[i]->remove_done_callback(ids[i]);
  };
  try {
    await(waiter);
  } catch (...) {
    cleanup();
    throw;
  }
  cleanup();
}

void cancel_and_wait(FutureState& fut) {
  Loop& loop = fut.loop();
  Future<void> waiter = make_waiter(loop, WaitKind::Wait, "wait_for (cancelling)");
  auto w = waiter.shared_state();
  auto id = fut.add_done_callback([w](FutureState&) { release_waiter(*w); });
  try {
    fut.cancel();
    await(waiter);
  } catch (...) {
    fut.remove_done_callback(id);
    throw;
  }
  fut.remove_done_callback(id);
}

void wait_for_state(const std::shared_ptr<FutureState>& fut, double timeout) {
  Loop& loop = get_running_loop();
  if (timeout <= 0) {
    if (fut->done()) return;
    cancel_and_wait(*fut);
    // fut.result() raises CancelledError: TimeoutError from it
    if (fut->cancelled()) throw TimeoutError(fut->make_cancelled_error());
    return;
  }
  char label[48];
  std::snprintf(label, sizeof label, "wait_for %g s", timeout);
  Future<void> waiter = make_waiter(loop, WaitKind::Timeout, label);
  auto w = waiter.shared_state();
  Handle timeout_handle = loop.call_later(timeout, [w] { release_waiter(*w); });
  auto cb = fut->add_done_callback([w](FutureState&) { release_waiter(*w); });
  try {
    try {
      await(waiter);
    } catch (const CancelledError&) {
      if (fut->done()) {  // the caller reads the result
        timeout_handle.cancel();
        return;
      }
      fut->remove_done_callback(cb);
      cancel_and_wait(*fut);
      throw;
    }
    if (fut->done()) {
      timeout_handle.cancel();
      return;
    }
    fut->remove_done_callback(cb);
    cancel_and_wait(*fut);
    // fut.result(): a result or an error set during cleanup propagates; a cancellation times out
    if (fut->cancelled()) throw TimeoutError(fut->make_cancelled_error());
  } catch (...) {
    timeout_handle.cancel();
    throw;
  }
  timeout_handle.cancel();
}

}  // namespace loopscope::detail
