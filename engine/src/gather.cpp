// asyncio.gather's _GatheringFuture and its _done_callback, as in CPython 3.11's tasks.py.
#include "loopscope/loop.hpp"
#include "loopscope/tasks.hpp"

namespace loopscope::detail {

GatherState::GatherState(Loop& loop, std::vector<std::shared_ptr<FutureState>> children, bool return_exceptions)
    : FutureState(loop, Kind::Gather), children_(std::move(children)), return_exceptions_(return_exceptions) {}

void GatherState::start() {
  if (children_.empty()) {
    collect();
    mark_finished();
    return;
  }
  auto self = std::static_pointer_cast<GatherState>(shared_from_this());
  for (auto& child : children_) {
    child->add_done_callback([self](FutureState& c) { self->child_done(c); });
  }
}

bool GatherState::cancel(std::optional<std::string> message) {
  if (done()) return false;
  bool any = false;
  for (auto& child : children_) {
    if (child->cancel(message)) any = true;
  }
  // If any child was actually cancelled, the gather is cancelled whatever return_exceptions says.
  if (any) cancel_requested_ = true;
  return any;
}

void GatherState::child_done(FutureState& child) {
  ++finished_;
  if (done()) {
    if (!child.cancelled()) child.exception();  // mark the exception as retrieved
    return;
  }
  if (!return_exceptions_) {
    if (child.cancelled()) {
      set_exception(child.make_cancelled_error());
      return;
    }
    if (auto error = child.exception()) {
      set_exception(error);
      return;
    }
  }
  if (finished_ < children_.size()) return;
  if (cancel_requested_) {
    // CPython uses the last child here (the loop variable left over from building the results).
    set_exception(children_.back()->make_cancelled_error());
    return;
  }
  collect();
  mark_finished();
}

}  // namespace loopscope::detail
