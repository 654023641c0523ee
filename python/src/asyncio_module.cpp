// The asyncio module of the interpreter, backed by the engine: every Python task is an engine
// task whose fiber runs the coroutine's body; `await future` suspends that fiber.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <sstream>

#include "state.hpp"

namespace loopscope::python {

using State = Program::State;
sc::ClassObj* st_invalid();

namespace {

Value arg_or_none(const Args& a, std::size_t i, std::string_view name) {
  const Value* v = a.get(i, name);
  return v ? *v : Value();
}

std::string cancel_message(Interpreter& in, const sc::ExceptionObj& e) {
  if (e.args.is(sc::Kind::Tuple)) {
    auto& items = e.args.as<sc::Tuple>()->items;
    if (!items.empty() && items[0].is(sc::Kind::Str)) return items[0].as<sc::Str>()->s;
  }
  return {};
}

bool has_cancel_message(const sc::ExceptionObj& e) {
  return e.args.is(sc::Kind::Tuple) && !e.args.as<sc::Tuple>()->items.empty() &&
         !e.args.as<sc::Tuple>()->items[0].is_none();
}

Value new_cancelled(Interpreter& in, const CancelledError& c) {
  State& st = current_state();
  if (c.has_message()) return in.new_exception(st.cancelled_class, std::vector<Value>{in.new_str(c.message())});
  return in.new_exception(st.cancelled_class, std::vector<Value>{});
}

}  // namespace


// ------------------------------------------------------------------ errors

Value exception_value(Interpreter& in, const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (sc::PyException& p) {
    return Value(p.exc.get());
  } catch (const CancelledError& c) {
    // the object that gathered its traceback, if it crossed Python frames
    if (sc::ExceptionObj* seen = in.seen_foreign(e)) return Value(seen);
    return new_cancelled(in, c);
  } catch (const ExceptionGroup& g) {
    std::vector<Value> subs;
    for (auto& sub : g.exceptions()) subs.push_back(exception_value(in, sub));
    Value cls = in.builtins().find_str("ExceptionGroup") ? *in.builtins().find_str("ExceptionGroup") : Value();
    return in.call(cls, {in.new_str(g.message()), in.new_list(std::move(subs))});
  } catch (const Error& err) {
    State& st = current_state();
    auto it = st.error_classes.find(err.python_type());
    sc::ClassObj* cls = it != st.error_classes.end() ? it->second : in.exception_class("RuntimeError");
    auto* timeout = dynamic_cast<const TimeoutError*>(&err);
    if (timeout && timeout->cause) {
      // wait_for's `raise TimeoutError from exc`, exc being the CancelledError that fut.result()
      // raised just then, while the caller handled whatever it handles
      Value cause = exception_value(in, timeout->cause);
      if (cause.is(sc::Kind::Exception)) in.set_context(cause.as<sc::ExceptionObj>());
      return timeout_error_from(in, cause);
    }
    // asyncio raises TimeoutError, QueueEmpty and QueueFull without arguments: `TimeoutError()`.
    if (!*err.what()) return in.new_exception(cls, std::vector<Value>{});
    return in.new_exception(cls, err.what());
  } catch (const std::exception& x) {
    return in.new_exception(in.exception_class("RuntimeError"), x.what());
  } catch (...) {
    return Value();
  }
}

Value timeout_error_from(Interpreter& in, const Value& cause) {
  Ref<sc::ExceptionObj> exc = in.new_exception(in.exception_class("TimeoutError"), std::vector<Value>{});
  exc->cause = exc->context = cause;
  exc->suppress_context = true;
  return Value(exc.get());
}

void rethrow_as_python(Interpreter& in) {
  auto ep = std::current_exception();
  try {
    throw;
  } catch (sc::PyException&) {
    throw;
  } catch (const detail::TaskClosed&) {
    throw;
  } catch (const CancelledError&) {
    // the object its traceback so far was gathered on, if it crossed Python frames already
    sc::ExceptionObj* seen = in.foreign_in_flight();
    Value v = seen ? Value(seen) : exception_value(in, ep);
    throw sc::PyException(Ref<sc::ExceptionObj>(v.as<sc::ExceptionObj>()));
  } catch (const Error&) {
    Value v = exception_value(in, ep);
    throw sc::PyException(Ref<sc::ExceptionObj>(v.as<sc::ExceptionObj>()));
  }
}

sc::NativeFn guarded(sc::NativeFn fn) {
  return [fn = std::move(fn)](Interpreter& in, const Args& a) -> Value {
    try {
      return fn(in, a);
    } catch (const Error&) {
      rethrow_as_python(in);
    }
  };
}

static void rethrow_stored(Interpreter& in, const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error&) {
    rethrow_as_python(in);
  }
}

// ------------------------------------------------------------------ loops

LoopOptions State::loop_options() const {
  LoopOptions o;
  o.clock = options.clock;
  o.speed = options.speed;
  o.shared_clock = clock;
  o.shared_trace = trace;
  o.http = options.http;
  return o;
}

Loop& State::new_loop() {
  auto loop = std::make_shared<Loop>(loop_options());
  loop->set_error_output([this](const std::string& text) { write_output(Stream::Stderr, add_definition_sites(text)); });
  // Python code must stay on the loop's thread: the default executor's workers are modelled
  // (fibers beside the loop, see executor.hpp), natively as in WebAssembly.
  ExecutorOptions eo;
  eo.mode = ExecutorOptions::Mode::Modelled;
  loop->set_default_executor(std::make_shared<Executor>(*loop, eo));
  loops.push_back(loop);
  Ref<LoopObj> obj(new LoopObj(loop_class, loop));
  loop_objects[loop.get()] = obj;
  return *loop;
}

// The engine shows a task's coroutine as coro=<main() done>; CPython adds where it is defined.
std::string State::add_definition_sites(std::string text) const {
  std::size_t pos = 0;
  while ((pos = text.find("<Task ", pos)) != std::string::npos) {
    std::size_t n = text.find("name='", pos);
    std::size_t c = text.find(" coro=<", pos);
    if (n == std::string::npos || c == std::string::npos) break;
    std::size_t ne = text.find('\'', n + 6);
    std::size_t ce = text.find('>', c);
    std::string name = text.substr(n + 6, ne - n - 6);
    auto it = defined_at.find(name);
    if (it != defined_at.end() && ce != std::string::npos) {
      bool done = text.compare(ce - 5, 5, " done") == 0;
      std::string add = done ? ", defined at " + it->second : " at " + it->second;
      text.insert(ce, add);
    }
    // the engine cannot show a Python result: result=<value> becomes its repr
    std::size_t end = text.find('\n', pos);
    std::size_t r = text.find(" result=<value>", pos);
    if (r != std::string::npos && (end == std::string::npos || r < end)) {
      for (auto& [state, obj] : tasks) {
        if (state->name() == name && obj->fut.done() && obj->fut.slot()->value) {
          text.replace(r, 15, " result=" + interp->repr(*obj->fut.slot()->value));
          break;
        }
      }
    }
    pos = c + 1;
  }
  return text;
}

LoopObj* State::wrap(Loop& loop) {
  auto it = loop_objects.find(&loop);
  return it == loop_objects.end() ? nullptr : it->second.get();
}

Loop& running_loop(Interpreter& in) {
  Loop* l = Loop::running();
  if (!l) in.raise("RuntimeError", "no running event loop");
  return *l;
}

static Loop& event_loop(Interpreter& in) {
  if (Loop* l = Loop::running()) return *l;
  State& st = current_state();
  if (!st.current_loop && !st.current_loop_set) {
    st.current_loop = &st.new_loop();
  }
  if (!st.current_loop) in.raise("RuntimeError", "There is no current event loop in thread 'MainThread'.");
  return *st.current_loop;
}

static LoopObj* loop_self(Interpreter& in, const Args& a) {
  return static_cast<LoopObj*>(a[0].obj());
}

// ------------------------------------------------------------------ futures and tasks

FutureObj::~FutureObj() {
  if (is_task) {
    if (State* st = current_state_or_null()) {
      auto it = st->tasks.find(&task());
      if (it != st->tasks.end() && it->second == this) st->tasks.erase(it);
    }
  }
}

SwitchGuard::SwitchGuard(Interpreter& in) noexcept : in_(in) {
  // In WebAssembly a switch under a destructor would trap: see destroy_object.
  assert(!sc::destroying_object() && "a fiber switch inside a destructor");
  in_.swap_exec_state(saved_);
  if (Loop* l = Loop::running()) {
    if (TaskState* t = l->current_task_state()) {
      auto& tasks = current_state().tasks;
      auto it = tasks.find(t);
      if (it != tasks.end()) {
        task_ = it->second;
        task_->suspended = &saved_;
      }
    }
  }
}

SwitchGuard::~SwitchGuard() {
  if (task_) {
    auto& tasks = current_state().tasks;
    auto it = tasks.find(&task_->task());  // the task object may be gone meanwhile
    if (it != tasks.end() && it->second == task_) task_->suspended = nullptr;
  }
  in_.swap_exec_state(saved_);
}

Value await_future(Interpreter& in, const Future<Value>& f) {
  if (!f.done()) {
    Loop* l = Loop::running();
    if (!l || !l->current_task_state()) in.raise("RuntimeError", "await wasn't used with future");
    SwitchGuard g(in);
    l->await_state(f.state());
  }
  try {
    return f.result();
  } catch (const Error&) {
    rethrow_as_python(in);
  }
}

Value FutureObj::await_value(Interpreter& in) { return await_future(in, fut); }

void NativeCoro::start(Interpreter& in) {
  if (started) in.raise("RuntimeError", "cannot reuse already awaited coroutine");
  started = true;
}

Value NativeCoro::await_value(Interpreter& in) {
  start(in);
  try {
    return body(in);
  } catch (const Error&) {
    rethrow_as_python(in);
  }
}

Value SleepCoro::await_value(Interpreter& in) {
  start(in);
  Loop& loop = running_loop(in);
  if (!loop.current_task_state()) in.raise("RuntimeError", "sleep() outside a task");
  try {
    SwitchGuard g(in);
    if (delay <= 0 || std::isnan(delay)) loop.yield_now();
    else sleep_for(delay);
  } catch (const Error&) {
    rethrow_as_python(in);
  }
  return result;
}

NativeCoro::~NativeCoro() {
  if (started) return;
  State* st = current_state_or_null();
  if (st && st->interp) st->interp->warn_never_awaited(name);
}

Value make_coro(Interpreter& in, std::string name, std::function<Value(Interpreter&)> body) {
  return Value(new NativeCoro(current_state().coro_class, std::move(name), std::move(body)));
}

Value wrap_future(Interpreter& in, Future<Value> f, sc::ClassObj* cls) {
  return Value(new FutureObj(cls ? cls : current_state().future_class, std::move(f), false));
}

// asyncio.sleep's delay, checked as CPython checks it.
static double sleep_delay(Interpreter& in, const Args& a) {
  if (a.size() == 0 && !a.kw("delay")) in.raise("TypeError", "sleep() missing 1 required positional argument: 'delay'");
  Value delay_arg = arg_or_none(a, 0, "delay");
  // asyncio.sleep's first statement is `if delay <= 0:`, so that is the error CPython gives.
  if (!delay_arg.is_int() && !delay_arg.is_float() && !delay_arg.is_bool() && !delay_arg.is(script::Kind::BigInt))
    in.raise("TypeError", "'<=' not supported between instances of '" + in.type_name(delay_arg) + "' and 'int'");
  return in.to_double(delay_arg);
}

// The coroutine asyncio.sleep returns. Out of line, with no Value alive in the caller while it
// allocates: a ping-pong of sleep(0) makes one per switch, and in WebAssembly an allocation made
// while a destructor is pending goes through a JS invoke trampoline.
static Value new_sleep(double delay, const Value* result) {
  return Value(new SleepCoro(current_state().coro_class, delay, result ? *result : Value()));
}

static bool is_any_coroutine(Interpreter& in, const Value& v) {
  return in.is_coroutine(v) || (v.is(sc::Kind::Native) && dynamic_cast<NativeCoro*>(v.obj()));
}

const char* stack_limit_for(std::size_t stack_size) {
  std::size_t margin = std::max<std::size_t>(stack_size / 8, 48 * 1024);
  if (stack_size <= margin * 2) return nullptr;
  return Interpreter::stack_position() - (stack_size - margin);
}

// What a task runs on its fiber.
static Value run_task_body(Interpreter& in, const Value& coro, std::size_t stack_size) {
  State& st = current_state();
  Interpreter::ExecState mine;
  mine.stack_limit = stack_limit_for(stack_size);
  in.swap_exec_state(mine);
  struct Back {
    Interpreter& in;
    Interpreter::ExecState& s;
    ~Back() {
      assert(in.frames_.used == 0 && "a task left a pooled frame");
      in.swap_exec_state(s);
    }
  } back{in, mine};
  try {
    if (coro.is(sc::Kind::Native)) return coro.obj()->await_value(in);
    return in.run_coroutine(coro);
  } catch (sc::PyException& e) {
    if (e.exc->cls->is_subclass_of(st.cancelled_class)) {
      if (has_cancel_message(*e.exc)) throw CancelledError(cancel_message(in, *e.exc));
      throw CancelledError();
    }
    throw;
  }
}

Ref<FutureObj> create_task_named_after(Interpreter& in, Loop& loop, const Value& coro, const Value* name,
                                       TaskGroup* group) {
  Value given = name ? *name : Value();
  Ref<FutureObj> task = create_python_task(in, loop, coro, given, group);
  if (!given.is_none()) ++detail::task_counter();  // the number it had before its name
  return task;
}

Ref<FutureObj> create_python_task(Interpreter& in, Loop& loop, const Value& coro, const Value& name, TaskGroup* group) {
  State& st = current_state();
  if (!is_any_coroutine(in, coro)) in.raise("TypeError", "a coroutine was expected, got " + in.repr(coro));
  TaskOptions o;
  if (!name.is_none()) o.name = in.str(name);
  o.stack_size = st.options.task_stack_size;
  std::string cname = coro.is(sc::Kind::Native) ? static_cast<NativeCoro*>(coro.obj())->name : in.coroutine_name(coro);
  o.coro = cname + "()";
  auto holder = std::make_shared<Value>();
  std::size_t stack = o.stack_size;
  Interpreter* inp = &in;
  auto body = [inp, coro, holder, stack]() -> Value {
    struct Release {
      std::shared_ptr<Value> h;
      ~Release() { *h = Value(); }
    } release{holder};
    return run_task_body(*inp, coro, stack);
  };
  Task<Value> t = group ? group->create_task(std::move(body), std::move(o)) : loop.create_task(std::move(body), std::move(o));
  Ref<FutureObj> obj(new FutureObj(st.task_class, t, true));
  obj->coro_name = cname;
  obj->coro = coro;
  if (!coro.is(sc::Kind::Native)) obj->defined_at = in.coroutine_location(coro);
  if (!obj->defined_at.empty()) st.defined_at[t.task().name()] = obj->defined_at;
  *holder = Value(obj.get());
  st.tasks[&t.task()] = obj.get();
  return obj;
}

Future<Value> future_of(Interpreter& in, Loop& loop, const Value& aw) {
  if (aw.is(sc::Kind::Native)) {
    if (auto* f = dynamic_cast<FutureObj*>(aw.obj())) return f->fut;
  }
  if (is_any_coroutine(in, aw)) return create_python_task(in, loop, aw, Value())->fut;
  in.raise("TypeError", "An asyncio.Future, a coroutine or an awaitable is required");
}

static Value py_task_object(TaskState* t) {
  if (!t) return Value();
  State& st = current_state();
  auto it = st.tasks.find(t);
  if (it != st.tasks.end()) return Value(it->second);
  return Value();
}

static std::string task_repr(Interpreter& in, FutureObj& f) {
  std::vector<std::string> info = f.fut.state().repr_info();
  for (auto& w : info)
    if (w.rfind("result=", 0) == 0 && f.fut.slot()->value) w = "result=" + in.repr(*f.fut.slot()->value);
  if (!f.is_task) {
    std::string out = "<Future";
    for (auto& w : info) out += " " + w;
    return out + ">";
  }
  TaskState& t = f.task();
  if (t.cancelling() > 0 && !t.done()) info[0] = "cancelling";
  info.insert(info.begin() + 1, "name=" + in.repr(in.new_str(t.name())));
  std::string coro = f.coro_name + "() " + (t.done() ? "done" : "running");
  if (!f.defined_at.empty()) {
    if (t.done()) coro += ", defined at " + f.defined_at;
    else if (!t.started()) coro += " at " + f.defined_at;
    else if (f.suspended) coro += " at " + in.coroutine_position(f.coro, f.suspended->frame);
    else coro += " at " + in.coroutine_position(f.coro, nullptr);
  }
  info.insert(info.begin() + 2, "coro=<" + coro + ">");
  if (auto* w = t.waiting_on()) info.insert(info.begin() + 3, "wait_for=" + w->repr());
  std::string out = "<Task";
  for (auto& w : info) out += " " + w;
  return out + ">";
}

// ------------------------------------------------------------------ gather

static Value gather(Interpreter& in, const Args& a) {
  bool return_exceptions = false;
  if (const Value* re = a.kw("return_exceptions")) return_exceptions = in.truthy(*re);
  Loop* lp = Loop::running();
  // outside a running loop, futures decide the loop; otherwise the current event loop
  for (std::size_t i = 0; i < a.size() && !lp; ++i)
    if (a[i].is(sc::Kind::Native))
      if (auto* f = dynamic_cast<FutureObj*>(a[i].obj())) lp = &f->fut.loop();
  Loop& loop = lp ? *lp : event_loop(in);
  std::vector<Future<Value>> children;
  std::vector<std::shared_ptr<FutureState>> states;  // one per distinct awaitable
  for (std::size_t i = 0; i < a.size(); ++i) {
    // The same awaitable given twice is one child, awaited once (CPython's arg_to_fut).
    std::size_t same = 0;
    while (same < i && !(a[same].is_obj() && a[i].is_obj() && a[same].obj() == a[i].obj())) ++same;
    if (same < i) {
      children.push_back(children[same]);
      continue;
    }
    children.push_back(future_of(in, loop, a[i]));
    states.push_back(children.back().shared_state());
  }
  Interpreter* inp = &in;
  Future<Value> g;
  if (return_exceptions) {
    g = detail::make_gather<Value>(loop, std::move(states), true, [children, inp]() -> Value {
      std::vector<Value> out;
      for (auto& c : children) {
        if (c.cancelled()) out.push_back(new_cancelled(*inp, CancelledError(c.state().cancel_message().value_or(""))));
        else if (auto e = c.exception()) out.push_back(exception_value(*inp, e));
        else out.push_back(c.result());
      }
      return inp->new_list(std::move(out));
    });
  } else {
    g = detail::make_gather<Value>(loop, std::move(states), false, [children, inp]() -> Value {
      std::vector<Value> out;
      for (auto& c : children) out.push_back(c.result());
      return inp->new_list(std::move(out));
    });
  }
  return wrap_future(in, g, current_state().gather_class);
}

// ------------------------------------------------------------------ running

// A RuntimeError refusing to run `aw`. In CPython the refusing function's frame, held by the
// traceback, keeps the coroutine alive until the handler ends (so "coroutine ... was never
// awaited" comes then, at the handler's last line): so does the exception.
[[noreturn]] static void refuse_to_run(Interpreter& in, const std::string& msg, const Value& aw) {
  Ref<sc::ExceptionObj> e = in.new_exception(in.exception_class("RuntimeError"), msg);
  if (!e->dict) e->dict = new sc::Dict();
  e->dict->set(in, in.new_str("_coro"), aw);
  throw sc::PyException(e);
}

static Value run_until_complete(Interpreter& in, Loop& loop, const Value& aw) {
  auto refuse = [&](const std::string& msg) { refuse_to_run(in, msg, aw); };
  if (loop.is_closed()) refuse("Event loop is closed");
  if (loop.is_running()) refuse("This event loop is already running");
  if (Loop::running()) refuse("Cannot run the event loop while another loop is running");
  Future<Value> f = future_of(in, loop, aw);
  std::exception_ptr err;
  Value result;
  {
    SwitchGuard g(in);
    try {
      result = loop.run_until_complete(f);
    } catch (...) {
      err = std::current_exception();
    }
  }
  if (err) {
    try {
      std::rethrow_exception(err);
    } catch (...) {
      rethrow_as_python(in);
    }
  }
  return result;
}

static Value asyncio_run(Interpreter& in, const Args& a) {
  Value main = arg_or_none(a, 0, "main");
  if (Loop::running()) {
    refuse_to_run(in, "asyncio.run() cannot be called from a running event loop", main);
  }
  if (!is_any_coroutine(in, main)) in.raise("ValueError", "a coroutine was expected, got " + in.repr(main));
  State& st = current_state();
  Loop& loop = st.new_loop();
  if (const Value* d = a.kw("debug"))
    if (!d->is_none()) loop.set_debug(in.truthy(*d));
  Loop* previous = st.current_loop;
  bool previous_set = st.current_loop_set;
  st.current_loop = &loop;
  st.current_loop_set = true;
  struct Done {
    State& st;
    Loop& loop;
    Interpreter& in;
    Loop* previous;
    bool previous_set;
    ~Done() {
      {
        SwitchGuard g(in);
        detail::shutdown_loop(loop);
      }
      st.current_loop = nullptr;  // asyncio.run ends with set_event_loop(None)
      st.current_loop_set = true;
      (void)previous;
      (void)previous_set;
    }
  } done{st, loop, in, previous, previous_set};
  return run_until_complete(in, loop, main);
}

// ------------------------------------------------------------------ callbacks

// What asyncio's format helpers print for a callback: `cb(1, 'x') at main.py:3`, in the
// "Exception in callback" message and in a handle's repr. Arguments go through reprlib's limits
// for the common cases (a str or any other repr longer than 30 characters keeps its two ends
// around "..."); a functools.partial shows its function with all the arguments.
namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `count` code points of s (from the end with from_end).
std::string code_point_slice(const std::string& s, std::size_t count, bool from_end) {
  std::size_t total = code_points(s), skip = from_end ? total - std::min(count, total) : 0, seen = 0;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++seen;
    if (seen > skip && seen <= skip + count) out += s[i];
  }
  return out;
}

std::string limited_repr(Interpreter& in, const Value& v) {
  constexpr std::size_t kMax = 30, kHead = (kMax - 3) / 2, kTail = kMax - 3 - kHead;
  std::string r;
  if (v.is(sc::Kind::Str)) {  // reprlib.repr_str
    const std::string& x = v.as<sc::Str>()->s;
    r = in.repr(in.new_str(code_point_slice(x, kMax, false)));
    if (code_points(r) <= kMax) return r;
    r = in.repr(in.new_str(code_point_slice(x, kHead, false) + code_point_slice(x, kTail, true)));
  } else {
    r = in.repr(v);
    std::size_t limit = v.is_int() || v.is(sc::Kind::BigInt) ? 40 : kMax;  // maxlong, maxother
    if (code_points(r) <= limit) return r;
    std::size_t head = (limit - 3) / 2;
    return code_point_slice(r, head, false) + "..." + code_point_slice(r, limit - 3 - head, true);
  }
  return code_point_slice(r, kHead, false) + "..." + code_point_slice(r, kTail, true);
}

std::string format_arguments(Interpreter& in, const std::vector<Value>& args, const Value& keywords) {
  std::string out = "(";
  for (const Value& a : args) out += (out.size() > 1 ? ", " : "") + limited_repr(in, a);
  if (keywords.is(sc::Kind::Dict))
    keywords.as<sc::Dict>()->for_each([&](const Value& k, const Value& v) {
      out += (out.size() > 1 ? ", " : "") + in.str(k) + "=" + limited_repr(in, v);
    });
  return out + ")";
}

bool is_partial(Interpreter& in, const Value& fn) {
  if (!fn.is(sc::Kind::Instance)) return false;
  const sc::ClassObj* c = fn.as<sc::Instance>()->cls.get();
  return c->qualname == "partial" && c->module == "functools";
}

std::string callback_source(Interpreter& in, const Value& fn, const std::vector<Value>& args,
                            const Value& keywords = Value(), std::string suffix = "") {
  if (is_partial(in, fn)) {  // format_helpers._format_callback: the wrapped function, its arguments first
    Value inner_args = in.getattr(fn, in.intern("args").get());
    std::vector<Value> given = inner_args.is(sc::Kind::Tuple) ? inner_args.as<sc::Tuple>()->items : std::vector<Value>{};
    return callback_source(in, in.getattr(fn, in.intern("func").get()), given,
                           in.getattr(fn, in.intern("keywords").get()), format_arguments(in, args, keywords) + suffix);
  }
  std::string name;
  for (const char* attr : {"__qualname__", "__name__"}) {
    Value n;
    if (in.getattr_opt(fn, in.intern(attr).get(), n) && n.is(sc::Kind::Str) && !n.as<sc::Str>()->s.empty()) {
      name = n.as<sc::Str>()->s;
      break;
    }
  }
  if (name.empty()) name = in.repr(fn);
  std::string out = name + format_arguments(in, args, keywords) + suffix;
  if (fn.is(sc::Kind::Function)) {  // format_helpers._get_function_source: plain functions only
    out += " at " + Interpreter::definition_site(*fn.as<sc::Function>());
  }
  return out;
}

}  // namespace

class HandleObj final : public sc::NativeObject {
 public:
  HandleObj(sc::ClassObj* cls, Handle h, std::string source, bool timer)
      : NativeObject(cls), handle(std::move(h)), source(std::move(source)), timer(timer) {}
  Handle handle;
  std::string source;  // callback_source()
  bool timer;          // a TimerHandle (call_later, call_at)

  // <Handle cb() at main.py:3>, <TimerHandle when=1.5 cb() at main.py:3>; cancelled, a handle
  // has let go of its callback: <Handle cancelled>, <TimerHandle cancelled when=1.5>.
  std::string repr(Interpreter& in) const {
    std::string out = timer ? "<TimerHandle" : "<Handle";
    if (handle.cancelled()) out += " cancelled";
    if (timer) out += " when=" + in.repr(Value::floating(handle.when()));
    if (!handle.cancelled()) out += " " + source;
    return out + ">";
  }
};

// How a failing callback is named: callback_source() and its handle's repr while it runs.
struct CallbackText {
  std::string source, handle;
};

// The loop runs it; an exception goes to the loop's exception handler, as Handle._run sends it.
// `text` is filled in once the handle exists (the callback is made first). Text, not the handle
// object: the engine's handle keeps this callback until the loop drops it, so a reference to the
// object would be a cycle for a handle that is cancelled and never runs. Without text (a
// future's done callback) the message names a plain Handle, as asyncio's call_soon makes.
static std::function<void()> python_callback(Interpreter& in, Loop& loop, Value fn, std::vector<Value> args,
                                             std::shared_ptr<const CallbackText> text = nullptr) {
  Interpreter* inp = &in;
  Loop* lp = &loop;
  return [inp, lp, fn, args, text]() {
    try {
      inp->call(fn, args.data(), args.size());
    } catch (const detail::TaskClosed&) {
      throw;
    } catch (...) {
      ExceptionContext c;
      c.exception = std::current_exception();
      std::string source = text ? text->source : callback_source(*inp, fn, args);
      c.message = "Exception in callback " + source;
      c.details = "handle: " + (text ? text->handle : "<Handle " + source + ">");
      lp->call_exception_handler(c);
    }
  };
}

// call_soon, call_later, call_at: `schedule` gets the callback and returns the engine's handle.
template <class Schedule>
static Value schedule_callback(Interpreter& in, Loop& loop, const Value& fn, std::vector<Value> args, bool timer,
                               Schedule&& schedule) {
  auto text = std::make_shared<CallbackText>();
  text->source = callback_source(in, fn, args);
  Handle h = schedule(python_callback(in, loop, fn, std::move(args), text));
  Ref<HandleObj> obj(new HandleObj(current_state().handle_class, std::move(h), text->source, timer));
  text->handle = obj->repr(in);  // as it reads when the callback runs: not cancelled
  return Value(obj.get());
}

// ------------------------------------------------------------------ executor

static Value run_in_executor(Interpreter& in, Loop& loop, const Value& fn, std::vector<Value> args,
                             std::vector<Value> kwnames = {}, std::vector<Value> kwvalues = {}) {
  Interpreter* inp = &in;
  std::size_t stack = current_state().options.task_stack_size;
  Future<Value> f = loop.run_in_executor([inp, fn, args, kwnames, kwvalues, stack]() -> Value {
    Interpreter::ExecState mine;
    mine.stack_limit = stack_limit_for(stack);
    inp->swap_exec_state(mine);
    struct Back {
      Interpreter& in;
      Interpreter::ExecState& s;
      ~Back() { in.swap_exec_state(s); }
    } back{*inp, mine};
    return inp->call(fn, args.data(), args.size(), kwnames.data(), kwvalues.data(), kwnames.size());
  });
  return wrap_future(in, f);
}

bool on_worker() { return this_worker::active(); }

// ------------------------------------------------------------------ the module

static void add(Interpreter& in, sc::ClassObj& cls, const std::string& name, sc::NativeFn fn) {
  in.add_method(cls, name, guarded(std::move(fn)));
}

// `import asyncio`: the module's classes and functions. A named function (not a lambda) so that
// cmake/asyncify-remove.txt can name it: it runs no Python code, so it is never on a fiber's
// stack at a swap.
void define_asyncio_module(Interpreter& in, sc::Module& m) {
  State& st = current_state();
  auto fn = [&](const std::string& name, sc::NativeFn f) { in.add_function(m, name, guarded(std::move(f))); };

  // ---- exceptions
  Ref<sc::ClassObj> cancelled = in.new_class("CancelledError", "asyncio.exceptions", {in.exception_class("BaseException")});
  Ref<sc::ClassObj> invalid = in.new_class("InvalidStateError", "asyncio.exceptions", {in.exception_class("Exception")});
  Ref<sc::ClassObj> qempty = in.new_class("QueueEmpty", "asyncio.queues", {in.exception_class("Exception")});
  Ref<sc::ClassObj> qfull = in.new_class("QueueFull", "asyncio.queues", {in.exception_class("Exception")});
  Ref<sc::ClassObj> broken = in.new_class("BrokenBarrierError", "asyncio.exceptions", {in.exception_class("RuntimeError")});
  in.set_attr(m, "CancelledError", Value(cancelled.get()));
  in.set_attr(m, "InvalidStateError", Value(invalid.get()));
  in.set_attr(m, "QueueEmpty", Value(qempty.get()));
  in.set_attr(m, "QueueFull", Value(qfull.get()));
  in.set_attr(m, "BrokenBarrierError", Value(broken.get()));
  in.set_attr(m, "TimeoutError", Value(in.exception_class("TimeoutError")));
  st.cancelled_class = cancelled.get();
  st.error_classes["InvalidStateError"] = invalid.get();
  st.error_classes["QueueEmpty"] = qempty.get();
  st.error_classes["QueueFull"] = qfull.get();
  st.error_classes["BrokenBarrierError"] = broken.get();
  for (const char* n : {"RuntimeError", "ValueError", "TimeoutError", "TypeError", "KeyError"})
    st.error_classes[n] = in.exception_class(n);

  // ---- coroutine objects made in C++
  Ref<sc::ClassObj> coro = in.new_class("coroutine", "builtins");
  in.add_method(*coro, "__repr__", [](Interpreter& in, const Args& a) -> Value {
    auto* c = static_cast<NativeCoro*>(a[0].obj());
    std::ostringstream s;
    s << "<coroutine object " << c->name << " at 0x" << std::hex << reinterpret_cast<std::uintptr_t>(c) << ">";
    return in.new_str(s.str());
  });
  in.add_method(*coro, "close", [](Interpreter&, const Args& a) -> Value {
    static_cast<NativeCoro*>(a[0].obj())->started = true;
    return Value();
  });
  for (const char* attr : {"__name__", "__qualname__"})
    in.add_property(*coro, attr, [](Interpreter& in, const Args& a) -> Value {
      return in.new_str(static_cast<NativeCoro*>(a[0].obj())->name);
    });
  st.coro_class = coro.get();

  // ---- Future
  Ref<sc::ClassObj> future = in.new_class("Future", "asyncio");
  st.future_class = future.get();
  in.set_constructor(*future, [](Interpreter& in, sc::ClassObj* cls, const Args& a) -> Value {
    Loop* lp = nullptr;
    if (const Value* l = a.kw("loop"))
      if (!l->is_none()) lp = static_cast<LoopObj*>(l->obj())->loop.get();
    Loop& loop = lp ? *lp : event_loop(in);
    return Value(new FutureObj(cls, loop.create_future<Value>(), false));
  });
  auto self_f = [](const Args& a) -> FutureObj& { return *static_cast<FutureObj*>(a[0].obj()); };
  add(in, *future, "done", [=](Interpreter&, const Args& a) -> Value { return Value::boolean(self_f(a).fut.done()); });
  add(in, *future, "cancelled", [=](Interpreter&, const Args& a) -> Value { return Value::boolean(self_f(a).fut.cancelled()); });
  add(in, *future, "cancel", [=](Interpreter& in, const Args& a) -> Value {
    const Value* msg = a.get(1, "msg");
    std::optional<std::string> m;
    if (msg && !msg->is_none()) m = in.str(*msg);
    return Value::boolean(self_f(a).fut.cancel(m));
  });
  add(in, *future, "result", [=](Interpreter& in, const Args& a) -> Value { return self_f(a).fut.result(); });
  add(in, *future, "exception", [=](Interpreter& in, const Args& a) -> Value {
    auto& f = self_f(a).fut;
    auto e = f.exception();
    return e ? exception_value(in, e) : Value();
  });
  add(in, *future, "set_result", [=](Interpreter& in, const Args& a) -> Value {
    auto& f = self_f(a);
    if (f.is_task) in.raise("RuntimeError", "Task does not support set_result operation");
    if (f.fut.done()) in.raise(st_invalid(), "invalid state");
    f.fut.set_result(a.size() > 1 ? a[1] : Value());
    return Value();
  });
  add(in, *future, "set_exception", [=](Interpreter& in, const Args& a) -> Value {
    auto& f = self_f(a);
    if (f.is_task) in.raise("RuntimeError", "Task does not support set_exception operation");
    Value e = a[1];
    if (e.is(sc::Kind::Class)) e = in.call(e, {});
    if (f.fut.done()) in.raise(st_invalid(), "invalid state");
    f.fut.set_exception(std::make_exception_ptr(sc::PyException(Ref<sc::ExceptionObj>(e.as<sc::ExceptionObj>()))));
    return Value();
  });
  add(in, *future, "add_done_callback", [=](Interpreter& in, const Args& a) -> Value {
    Value self = a[0], cb = a[1];
    Interpreter* inp = &in;
    Loop* lp = &self_f(a).fut.loop();
    std::uint64_t id = self_f(a).fut.add_done_callback([inp, lp, self, cb](FutureState&) {
      python_callback(*inp, *lp, cb, {self})();
    });
    if (!self_f(a).fut.done()) self_f(a).done_callbacks.emplace_back(id, cb);
    return Value();
  });
  // Removes every pending callback equal to fn (==, as CPython compares) and says how many.
  add(in, *future, "remove_done_callback", [=](Interpreter& in, const Args& a) -> Value {
    auto& list = self_f(a).done_callbacks;
    Value fn = a[1];
    int64_t removed = 0;
    for (std::size_t i = 0; i < list.size();) {
      if (in.eq(list[i].second, fn)) {
        removed += int64_t(self_f(a).fut.remove_done_callback(list[i].first));
        list.erase(list.begin() + std::ptrdiff_t(i));
      } else {
        ++i;
      }
    }
    return Value::integer(removed);
  });
  add(in, *future, "get_loop", [=](Interpreter&, const Args& a) -> Value {
    return Value(current_state().wrap(self_f(a).fut.loop()));
  });
  add(in, *future, "__repr__", [=](Interpreter& in, const Args& a) -> Value { return in.new_str(task_repr(in, self_f(a))); });
  in.set_attr(m, "Future", Value(future.get()));

  // ---- Task
  Ref<sc::ClassObj> task = in.new_class("Task", "asyncio", {future});
  st.task_class = task.get();
  in.set_constructor(*task, [](Interpreter& in, sc::ClassObj*, const Args& a) -> Value {
    Value c = arg_or_none(a, 0, "coro");
    Loop* lp = nullptr;
    if (const Value* l = a.kw("loop"))
      if (!l->is_none()) lp = static_cast<LoopObj*>(l->obj())->loop.get();
    Loop& loop = lp ? *lp : event_loop(in);
    const Value* name = a.kw("name");
    return Value(create_python_task(in, loop, c, name ? *name : Value()).get());
  });
  add(in, *task, "get_name", [=](Interpreter& in, const Args& a) -> Value { return in.new_str(self_f(a).task().name()); });
  add(in, *task, "set_name", [=](Interpreter& in, const Args& a) -> Value {
    self_f(a).task().set_name(in.str(a[1]));
    return Value();
  });
  add(in, *task, "cancelling", [=](Interpreter&, const Args& a) -> Value { return Value::integer(self_f(a).task().cancelling()); });
  add(in, *task, "uncancel", [=](Interpreter&, const Args& a) -> Value { return Value::integer(self_f(a).task().uncancel()); });
  add(in, *task, "get_coro", [=](Interpreter&, const Args& a) -> Value { return static_cast<FutureObj*>(a[0].obj())->coro; });
  in.set_attr(m, "Task", Value(task.get()));

  Ref<sc::ClassObj> gathering = in.new_class("_GatheringFuture", "asyncio.tasks", {future});
  st.gather_class = gathering.get();

  // ---- Handle
  Ref<sc::ClassObj> handle = in.new_class("TimerHandle", "asyncio.events");
  st.handle_class = handle.get();
  auto self_h = [](const Args& a) -> HandleObj& { return *static_cast<HandleObj*>(a[0].obj()); };
  add(in, *handle, "cancel", [=](Interpreter&, const Args& a) -> Value {
    self_h(a).handle.cancel();
    return Value();
  });
  add(in, *handle, "cancelled", [=](Interpreter&, const Args& a) -> Value { return Value::boolean(self_h(a).handle.cancelled()); });
  add(in, *handle, "when", [=](Interpreter&, const Args& a) -> Value { return Value::floating(self_h(a).handle.when()); });
  add(in, *handle, "__repr__", [=](Interpreter& in, const Args& a) -> Value { return in.new_str(self_h(a).repr(in)); });

  // ---- the loop object
  Ref<sc::ClassObj> loopc = in.new_class("_UnixSelectorEventLoop", "asyncio.unix_events");
  st.loop_class = loopc.get();
  add(in, *loopc, "run_until_complete", [](Interpreter& in, const Args& a) -> Value {
    return run_until_complete(in, *loop_self(in, a)->loop, a[1]);
  });
  add(in, *loopc, "run_forever", [](Interpreter& in, const Args& a) -> Value {
    Loop& loop = *loop_self(in, a)->loop;
    std::exception_ptr err;
    {
      SwitchGuard g(in);
      try {
        loop.run_forever();
      } catch (...) {
        err = std::current_exception();
      }
    }
    if (err) rethrow_stored(in, err);
    return Value();
  });
  add(in, *loopc, "stop", [](Interpreter& in, const Args& a) -> Value {
    loop_self(in, a)->loop->stop();
    return Value();
  });
  add(in, *loopc, "close", [](Interpreter& in, const Args& a) -> Value {
    loop_self(in, a)->loop->close();
    return Value();
  });
  add(in, *loopc, "is_running", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(loop_self(in, a)->loop->is_running()); });
  add(in, *loopc, "is_closed", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(loop_self(in, a)->loop->is_closed()); });
  add(in, *loopc, "time", [](Interpreter& in, const Args& a) -> Value { return Value::floating(loop_self(in, a)->loop->time()); });
  add(in, *loopc, "get_debug", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(loop_self(in, a)->loop->get_debug()); });
  add(in, *loopc, "set_debug", [](Interpreter& in, const Args& a) -> Value {
    loop_self(in, a)->loop->set_debug(in.truthy(a[1]));
    return Value();
  });
  add(in, *loopc, "create_future", [](Interpreter& in, const Args& a) -> Value {
    return wrap_future(in, loop_self(in, a)->loop->create_future<Value>());
  });
  add(in, *loopc, "create_task", [](Interpreter& in, const Args& a) -> Value {
    const Value* name = a.get(2, "name");
    return Value(create_python_task(in, *loop_self(in, a)->loop, arg_or_none(a, 1, "coro"), name ? *name : Value()).get());
  });
  auto callback_args = [](const Args& a, std::size_t from) {
    std::vector<Value> v;
    for (std::size_t i = from; i < a.size(); ++i) v.push_back(a[i]);
    return v;
  };
  auto call_soon = [=](Interpreter& in, const Args& a) -> Value {
    Loop& loop = *loop_self(in, a)->loop;
    return schedule_callback(in, loop, a[1], callback_args(a, 2), false,
                             [&](std::function<void()> cb) { return loop.call_soon(std::move(cb)); });
  };
  add(in, *loopc, "call_soon", call_soon);
  add(in, *loopc, "call_soon_threadsafe", call_soon);
  add(in, *loopc, "call_later", [=](Interpreter& in, const Args& a) -> Value {
    Loop& loop = *loop_self(in, a)->loop;
    double delay = in.to_double(a[1]);
    return schedule_callback(in, loop, a[2], callback_args(a, 3), true,
                             [&](std::function<void()> cb) { return loop.call_later(delay, std::move(cb)); });
  });
  add(in, *loopc, "call_at", [=](Interpreter& in, const Args& a) -> Value {
    Loop& loop = *loop_self(in, a)->loop;
    double when = in.to_double(a[1]);
    return schedule_callback(in, loop, a[2], callback_args(a, 3), true,
                             [&](std::function<void()> cb) { return loop.call_at(when, std::move(cb)); });
  });
  add(in, *loopc, "run_in_executor", [=](Interpreter& in, const Args& a) -> Value {
    return run_in_executor(in, *loop_self(in, a)->loop, a[2], callback_args(a, 3));
  });
  add(in, *loopc, "__repr__", [](Interpreter& in, const Args& a) -> Value {
    Loop& l = *loop_self(in, a)->loop;
    return in.new_str(std::string("<_UnixSelectorEventLoop running=") + (l.is_running() ? "True" : "False") +
                      " closed=" + (l.is_closed() ? "True" : "False") + " debug=" + (l.get_debug() ? "True" : "False") + ">");
  });

  // ---- module functions
  fn("run", asyncio_run);
  // Not guarded: making the coroutine raises no engine error (awaiting it converts its own).
  in.add_function(m, "sleep", [](Interpreter& in, const Args& a) -> Value {
    return new_sleep(sleep_delay(in, a), a.get(1, "result"));
  });
  // asyncio.to_thread(func, /, *args, **kwargs): a coroutine that runs func on the default
  // executor when awaited (CPython's is `async def` around run_in_executor).
  fn("to_thread", [](Interpreter& in, const Args& a) -> Value {
    if (a.npos == 0) in.raise("TypeError", "to_thread() missing 1 required positional argument: 'func'");
    Value func = a.pos[0];
    std::vector<Value> args(a.pos + 1, a.pos + a.npos);
    std::vector<Value> kwnames(a.kwnames, a.kwnames + a.nkw), kwvalues(a.kwvalues, a.kwvalues + a.nkw);
    return make_coro(in, "to_thread", [func, args, kwnames, kwvalues](Interpreter& in) -> Value {
      Value future = run_in_executor(in, running_loop(in), func, args, kwnames, kwvalues);
      return future.obj()->await_value(in);
    });
  });
  fn("create_task", [](Interpreter& in, const Args& a) -> Value {
    Value c = arg_or_none(a, 0, "coro");
    Loop* l = Loop::running();
    if (!l) {
      in.raise("RuntimeError", "no running event loop");
    }
    return Value(create_task_named_after(in, *l, c, a.get(1, "name")).get());
  });
  fn("ensure_future", [](Interpreter& in, const Args& a) -> Value {
    Value x = arg_or_none(a, 0, "coro_or_future");
    if (x.is(sc::Kind::Native) && dynamic_cast<FutureObj*>(x.obj())) return x;
    return Value(create_python_task(in, event_loop(in), x, Value()).get());
  });
  fn("gather", gather);
  fn("get_running_loop", [](Interpreter& in, const Args&) -> Value { return Value(current_state().wrap(running_loop(in))); });
  fn("get_event_loop", [](Interpreter& in, const Args&) -> Value { return Value(current_state().wrap(event_loop(in))); });
  fn("new_event_loop", [](Interpreter& in, const Args&) -> Value { return Value(current_state().wrap(current_state().new_loop())); });
  fn("set_event_loop", [](Interpreter& in, const Args& a) -> Value {
    State& st = current_state();
    st.current_loop = a[0].is_none() ? nullptr : static_cast<LoopObj*>(a[0].obj())->loop.get();
    st.current_loop_set = true;
    return Value();
  });
  fn("current_task", [](Interpreter& in, const Args& a) -> Value {
    Loop& l = running_loop(in);
    return py_task_object(l.current_task_state());
  });
  fn("all_tasks", [](Interpreter& in, const Args& a) -> Value {
    const Value* given = a.get(0, "loop");  // all_tasks(loop=None): the running loop's
    auto* loop_obj = given && given->is(sc::Kind::Native) ? dynamic_cast<LoopObj*>(given->obj()) : nullptr;
    Value s(new sc::Set());
    if (given && !given->is_none() && !loop_obj) return s;  // no task's loop is that: CPython's answer
    Loop& l = loop_obj ? *loop_obj->loop : running_loop(in);
    for (auto& t : l.all_tasks()) {
      Value o = py_task_object(t.shared_state().get());
      if (!o.is_none()) s.as<sc::Set>()->add(in, o);
    }
    return s;
  });
  fn("iscoroutine", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(is_any_coroutine(in, a[0])); });
  fn("iscoroutinefunction", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(in.is_coroutine_function(a[0])); });
  fn("isfuture", [](Interpreter& in, const Args& a) -> Value {
    return Value::boolean(a[0].is(sc::Kind::Native) && dynamic_cast<FutureObj*>(a[0].obj()));
  });

  for (sc::ClassObj* c : {st.coro_class, st.gather_class, st.handle_class, st.loop_class}) st.keep_alive.push_back(Value(c));
  install_sync_primitives(in, m);
}

// The part of asyncio written in Python, as CPython's is: asyncio.Runner (3.11), run in the module
// after define_asyncio_module. Its frames show as asyncio/runners.py.
static const char* const kRunnersSource = R"PY(
class Runner:
    """A loop that runs several coroutines, one run() after another, and closes at the end."""

    def __init__(self, *, debug=None, loop_factory=None):
        self._state = "created"
        self._debug = debug
        self._loop_factory = loop_factory
        self._loop = None

    def __enter__(self):
        self._lazy_init()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()

    def close(self):
        if self._state != "initialized":
            return
        loop = self._loop
        try:
            to_cancel = all_tasks(loop)
            if to_cancel:
                for task in to_cancel:
                    task.cancel()
                loop.run_until_complete(gather(*to_cancel, return_exceptions=True))
        finally:
            if self._loop_factory is None:
                set_event_loop(None)
            loop.close()
            self._loop = None
            self._state = "closed"

    def get_loop(self):
        self._lazy_init()
        return self._loop

    def run(self, coro, *, context=None):
        if not iscoroutine(coro):
            raise ValueError("a coroutine was expected, got {!r}".format(coro))
        try:
            try:
                get_running_loop()
            except RuntimeError:
                pass
            else:
                raise RuntimeError("Runner.run() cannot be called from a running event loop")
            self._lazy_init()
        except RuntimeError as refused:
            # CPython's traceback keeps this frame, and so the coroutine, alive until the
            # handler ends ("never awaited" comes then): so does the exception here.
            refused._coro = coro
            raise
        return self._loop.run_until_complete(self._loop.create_task(coro))

    def _lazy_init(self):
        if self._state == "closed":
            raise RuntimeError("Runner is closed")
        if self._state == "initialized":
            return
        if self._loop_factory is None:
            self._loop = new_event_loop()
            set_event_loop(self._loop)
        else:
            self._loop = self._loop_factory()
        if self._debug is not None:
            self._loop.set_debug(self._debug)
        self._state = "initialized"


Runner.__module__ = "asyncio.runners"
)PY";

void install_asyncio(Interpreter& in) {
  in.register_module("asyncio", [](Interpreter& in, sc::Module& m) {
    define_asyncio_module(in, m);
    // Parsed when a program first names asyncio.Runner (asyncio.run does not use it): parsing
    // it at every import cost start-up time, and in WebAssembly it made the parser hot enough
    // for V8 to spend ~150 ms of its compile thread optimising it ahead of the program's own
    // code (docs/architecture.md).
    m.deferred = [](Interpreter& in, sc::Module& m) { in.exec_source(kRunnersSource, "asyncio/runners.py", &m); };
  });
}

sc::ClassObj* st_invalid() { return current_state().error_classes["InvalidStateError"]; }

}  // namespace loopscope::python
