#include "loopscope/future.hpp"

#include <cassert>

#include "loopscope/loop.hpp"
#include "loopscope/task.hpp"

namespace loopscope {

namespace detail {
std::string value_repr_fallback() { return "<value>"; }

std::string string_repr(const std::string& s) {
  char q = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, q);
  for (char c : s) {
    if (c == q || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  out += q;
  return out;
}
}  // namespace detail

FutureState::FutureState(Loop& loop, Kind kind) : life_(loop.life()), id_(loop.next_future_id()), kind_(kind) {}

FutureState::~FutureState() = default;

void FutureState::log_if_never_retrieved(const std::string& what) {
  if (!log_traceback_ || !life_->loop) return;
  log_traceback_ = false;
  ExceptionContext context;
  context.message = what;
  context.exception = exception_;
  context.details = "future: " + repr();
  try {
    life_->loop->call_exception_handler(context);
  } catch (...) {
    // a destructor must not throw; the handler's own failure has nowhere to go
  }
}

Loop& FutureState::loop() const {
  assert(life_->loop && "the future's loop no longer exists");
  return *life_->loop;
}

bool FutureState::cancel(std::optional<std::string> message) { return cancel_as_future(std::move(message)); }

bool FutureState::cancel_as_future(std::optional<std::string> message) {
  log_traceback_ = false;
  if (status_ != Status::Pending) return false;
  status_ = Status::Cancelled;
  cancel_message_ = std::move(message);
  schedule_callbacks();
  return true;
}

void FutureState::check_settable() const {
  if (status_ != Status::Pending) throw InvalidStateError("invalid state");  // as CPython's _asyncio
}

void FutureState::set_exception(std::exception_ptr error) {
  check_settable();
  exception_ = std::move(error);
  status_ = Status::Finished;
  log_traceback_ = true;
  schedule_callbacks();
}

void FutureState::mark_finished() {
  check_settable();
  status_ = Status::Finished;
  schedule_callbacks();
}

std::exception_ptr FutureState::make_cancelled_error() {
  if (cancelled_exc_) {
    std::exception_ptr e = cancelled_exc_;
    cancelled_exc_ = nullptr;
    return e;
  }
  if (cancel_message_) return std::make_exception_ptr(CancelledError(*cancel_message_));
  return std::make_exception_ptr(CancelledError());
}

void FutureState::rethrow_if_failed() {
  if (status_ == Status::Cancelled) std::rethrow_exception(make_cancelled_error());
  if (status_ != Status::Finished) throw InvalidStateError("Result is not set.");
  log_traceback_ = false;
  if (exception_) std::rethrow_exception(exception_);
}

std::exception_ptr FutureState::exception() {
  if (status_ == Status::Cancelled) std::rethrow_exception(make_cancelled_error());
  if (status_ != Status::Finished) throw InvalidStateError("Exception is not set.");
  log_traceback_ = false;
  return exception_;
}

std::uint64_t FutureState::add_done_callback(std::function<void(FutureState&)> callback) {
  std::uint64_t id = next_callback_id_++;
  if (done()) {
    loop().call_soon([cb = std::move(callback), self = shared_from_this()] { cb(*self); });
  } else {
    callbacks_.push_back({id, nullptr, std::move(callback)});
  }
  return id;
}

std::size_t FutureState::remove_done_callback(std::uint64_t id) {
  std::size_t before = callbacks_.size();
  for (auto it = callbacks_.begin(); it != callbacks_.end();) {
    it = (it->id == id && !it->waiter) ? callbacks_.erase(it) : it + 1;
  }
  return before - callbacks_.size();
}

void FutureState::add_waiter(TaskState& task) { callbacks_.push_back({next_callback_id_++, &task, {}}); }

void FutureState::remove_waiter(TaskState& task) {
  for (auto it = callbacks_.begin(); it != callbacks_.end();) {
    it = it->waiter == &task ? callbacks_.erase(it) : it + 1;
  }
}

void FutureState::schedule_callbacks() {
  if (callbacks_.empty()) return;
  std::vector<detail::DoneCallback> callbacks;
  callbacks.swap(callbacks_);
  Loop& l = loop();
  for (auto& cb : callbacks) {
    if (cb.waiter) {
      l.schedule_wakeup(*cb.waiter);
    } else {
      l.call_soon([call = std::move(cb.call), self = shared_from_this()] { call(*self); });
    }
  }
}

std::vector<std::string> FutureState::repr_info() const {
  std::vector<std::string> info;
  switch (status_) {
    case Status::Pending: info.push_back("pending"); break;
    case Status::Cancelled: info.push_back("cancelled"); break;
    case Status::Finished:
      info.push_back("finished");
      if (exception_) info.push_back("exception=" + describe_exception(exception_).repr);
      else info.push_back("result=" + result_repr());
      break;
  }
  if (!callbacks_.empty()) {
    auto name = [](const detail::DoneCallback& cb) -> std::string {
      return cb.waiter ? "Task.task_wakeup()" : "<callback>";
    };
    std::size_t n = callbacks_.size();
    std::string cb = name(callbacks_[0]);
    if (n == 2) cb += ", " + name(callbacks_[1]);
    if (n > 2) cb += ", <" + std::to_string(n - 2) + " more>, " + name(callbacks_.back());
    info.push_back("cb=[" + cb + "]");
  }
  return info;
}

std::string FutureState::repr() const {
  std::string out = "<Future";
  for (auto& part : repr_info()) out += " " + part;
  return out + ">";
}

}  // namespace loopscope
