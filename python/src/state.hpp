// Internal state shared by the modules of one running Python program.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "loopscope/loopscope.hpp"
#include "loopscope/python/program.hpp"
#include "loopscope/script/interpreter.hpp"

namespace loopscope::python {

namespace sc = loopscope::script;
using sc::Args;
using sc::Interpreter;
using sc::Ref;
using sc::Value;

class LoopObj;
class FutureObj;

struct Program::State {
  Program* program = nullptr;
  ProgramOptions options;
  std::unique_ptr<Interpreter> interp;
  std::shared_ptr<Clock> clock;
  std::shared_ptr<Trace> trace;
  double wall_origin = 0;  // time.time() at clock 0

  // Loops the program created, with their Python objects (identity of get_running_loop()).
  std::vector<std::shared_ptr<Loop>> loops;
  std::unordered_map<Loop*, Ref<LoopObj>> loop_objects;
  Loop* current_loop = nullptr;  // set_event_loop / get_event_loop
  bool current_loop_set = false;

  // Python task objects by engine task (current_task, all_tasks).
  std::unordered_map<TaskState*, FutureObj*> tasks;

  // Classes the engine's errors map onto.
  std::map<std::string, sc::ClassObj*> error_classes;
  sc::ClassObj* cancelled_class = nullptr;
  sc::ClassObj* future_class = nullptr;
  sc::ClassObj* task_class = nullptr;
  sc::ClassObj* gather_class = nullptr;
  sc::ClassObj* coro_class = nullptr;
  sc::ClassObj* handle_class = nullptr;
  sc::ClassObj* loop_class = nullptr;
  std::vector<Value> keep_alive;  // classes no module attribute holds

  // Host-delivered input.
  struct InputWait {
    bool waiting = false;
    bool delivered = false;
    std::optional<std::string> line;
    Future<Value> future;  // when a task waits
  } input;

  std::map<std::string, std::string> defined_at;  // task name -> "FILE:LINE" of its coroutine
  std::string add_definition_sites(std::string text) const;
  LoopOptions loop_options() const;
  Loop& new_loop();
  LoopObj* wrap(Loop& loop);
};

// The program running on this thread (set by Program::run).
Program::State& current_state() noexcept;
Program::State* current_state_or_null() noexcept;

// Saves the calling fiber's interpreter state around anything that may switch fibers. A Python
// task's saved state stays visible to its repr (where its coroutine is suspended).
class SwitchGuard {
 public:
  // noexcept (they only swap pointers and look up a map), so that taking one around a fiber
  // switch costs no WebAssembly invoke trampoline.
  explicit SwitchGuard(Interpreter& in) noexcept;
  ~SwitchGuard();
  SwitchGuard(const SwitchGuard&) = delete;
  SwitchGuard& operator=(const SwitchGuard&) = delete;

 private:
  Interpreter& in_;
  Interpreter::ExecState saved_;
  FutureObj* task_ = nullptr;
};

// A coroutine implemented in C++ (asyncio.sleep(1), lock.acquire(), queue.get()...): awaiting it
// runs its body on the awaiting task's fiber; create_task/gather run it in a task of its own.
class NativeCoro : public sc::NativeObject {
 public:
  NativeCoro(sc::ClassObj* cls, std::string name, std::function<Value(Interpreter&)> body)
      : NativeObject(cls), name(std::move(name)), body(std::move(body)) {}
  ~NativeCoro() override;
  Value await_value(Interpreter& in) override;
  std::string name;
  std::function<Value(Interpreter&)> body;
  bool started = false;

 protected:
  void start(Interpreter& in);  // marks it awaited; RuntimeError when it already was
};

// asyncio.sleep's coroutine, written out rather than as a NativeCoro body: no std::function per
// call, and fewer frames between the task's code and the fiber swap (in WebAssembly Asyncify
// unwinds and rewinds every one of them at each task switch).
class SleepCoro final : public NativeCoro {
 public:
  SleepCoro(sc::ClassObj* cls, double delay, Value result)
      : NativeCoro(cls, "sleep", nullptr), delay(delay), result(std::move(result)) {}
  Value await_value(Interpreter& in) override;
  double delay;
  Value result;
};

// asyncio.Future / Task / _GatheringFuture.
class FutureObj final : public sc::NativeObject {
 public:
  FutureObj(sc::ClassObj* cls, Future<Value> f, bool task) : NativeObject(cls), fut(std::move(f)), is_task(task) {}
  ~FutureObj() override;
  Value await_value(Interpreter& in) override;
  TaskState& task() const { return static_cast<TaskState&>(fut.state()); }
  Future<Value> fut;
  bool is_task;
  std::string coro_name;  // tasks: "main"
  Value coro;             // tasks: the coroutine (get_coro)
  const Interpreter::ExecState* suspended = nullptr;  // the task's state while it waits
  std::string defined_at; // tasks: "FILE:LINE" of the coroutine's def, when known
  // add_done_callback's Python callables with the engine's ids, for remove_done_callback.
  std::vector<std::pair<std::uint64_t, Value>> done_callbacks;
};

class LoopObj final : public sc::NativeObject {
 public:
  LoopObj(sc::ClassObj* cls, std::shared_ptr<Loop> l) : NativeObject(cls), loop(std::move(l)) {}
  std::shared_ptr<Loop> loop;
};

// Converts a C++ exception (engine error, cancellation) in flight into a Python exception and
// throws it as PyException. Use inside catch (...).
[[noreturn]] void rethrow_as_python(Interpreter& in);
// The Python exception object for a stored exception.
Value exception_value(Interpreter& in, const std::exception_ptr& e);
// `raise TimeoutError from cause`: a TimeoutError() whose __cause__ and __context__ are `cause`.
Value timeout_error_from(Interpreter& in, const Value& cause);
// Wraps a native function so engine errors surface as Python exceptions.
sc::NativeFn guarded(sc::NativeFn fn);

// Creating tasks from coroutines (script or native).
Ref<FutureObj> create_python_task(Interpreter& in, Loop& loop, const Value& coro, const Value& name,
                                  TaskGroup* group = nullptr);
// asyncio.create_task and TaskGroup.create_task: they create the task unnamed and then name it,
// so a given name still uses up a Task-N number (loop.create_task's does not).
Ref<FutureObj> create_task_named_after(Interpreter& in, Loop& loop, const Value& coro, const Value* name,
                                       TaskGroup* group = nullptr);
// The engine exception for a Python exception object given to __aexit__ (null for None).
std::exception_ptr exception_ptr_of(Interpreter& in, const Value& exc);
// asyncio.ensure_future for one awaitable.
Future<Value> future_of(Interpreter& in, Loop& loop, const Value& aw);
// A native coroutine object.
Value make_coro(Interpreter& in, std::string name, std::function<Value(Interpreter&)> body);
// Python Future object for an engine future.
Value wrap_future(Interpreter& in, Future<Value> f, sc::ClassObj* cls = nullptr);
// Awaits an engine future from Python code (suspends the task's fiber).
Value await_future(Interpreter& in, const Future<Value>& f);
Loop& running_loop(Interpreter& in);  // RuntimeError('no running event loop')

bool on_worker();  // running on an executor worker task
// The lowest C stack address Python code running here may use, given that `stack_size` bytes of
// stack start about here: calls raise RecursionError below it, leaving a margin for the C++ frames
// between two Python calls (several times bigger under AddressSanitizer). Null (no limit) for a
// stack too small to keep that margin.
const char* stack_limit_for(std::size_t stack_size);
void install_asyncio(Interpreter& in);
void install_aiohttp(Interpreter& in);
void install_sync_primitives(Interpreter& in, sc::Module& m);  // locks, queues, ... as they land

}  // namespace loopscope::python
