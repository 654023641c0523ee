#include "loopscope/tasks.hpp"

#include <cstdio>

namespace loopscope {

void sleep_for(double delay) {
  Loop& loop = get_running_loop();
  // asyncio.sleep: a future, a timer that sets it unless it was cancelled, and await.
  Future<void> future = loop.create_future<void>();
  if (loop.tracing()) {
    char label[48];
    std::snprintf(label, sizeof label, "sleep %g s", delay);
    future.state().set_wait_reason(WaitKind::Sleep, 0, loop.trace().intern(label));
  }
  Handle timer = loop.call_later(delay, [state = future.shared_state()] {
    if (!state->done()) state->mark_finished();
  });
  try {
    await(future);
  } catch (...) {
    timer.cancel();
    throw;
  }
  timer.cancel();
}

AnyTask current_task() { return get_running_loop().current_task(); }

std::vector<AnyTask> all_tasks() { return get_running_loop().all_tasks(); }

namespace detail {

namespace {
class ShutdownGather final : public GatherState {
 public:
  using GatherState::GatherState;

 private:
  void collect() override {}
};
}  // namespace

void shutdown_loop(Loop& loop) noexcept {
  try {
    std::vector<AnyTask> to_cancel = loop.all_tasks();
    if (!to_cancel.empty()) {
      std::vector<std::shared_ptr<FutureState>> children;
      for (auto& t : to_cancel) {
        t->cancel();
        children.push_back(t.shared_state());
      }
      auto gathered = std::make_shared<ShutdownGather>(loop, children, true);
      gathered->start();
      loop.run_until_complete(Future<void>(gathered, nullptr));
      for (auto& t : to_cancel) {
        if (t->cancelled()) continue;
        if (auto error = t->exception()) {
          ExceptionContext context;
          context.message = "unhandled exception during asyncio.run() shutdown";
          context.exception = error;
          context.details = "task: " + t->repr();
          loop.call_exception_handler(context);
        }
      }
    }
  } catch (...) {
    // shutdown problems must not mask how main() ended
  }
  try {
    loop.shutdown_default_executor();  // asyncio.Runner.close() does this before closing
  } catch (...) {
  }
  try {
    loop.close();
  } catch (...) {
  }
}

}  // namespace detail
}  // namespace loopscope
