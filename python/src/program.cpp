// Program: one Python program on the engine (interpreter, modules, loops, clock, trace).
#include "loopscope/python/program.hpp"

#include <chrono>
#include <iostream>
#include <thread>
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <pthread.h>
#endif

#include "state.hpp"

namespace loopscope::python {

namespace {
__thread Program::State* g_state = nullptr;

struct CurrentState {
  Program::State* previous;
  explicit CurrentState(Program::State* s) : previous(g_state) { g_state = s; }
  ~CurrentState() { g_state = previous; }
};

// Python exceptions inside engine futures print as CPython prints them.
void register_describer() {
  static bool done = false;
  if (done) return;
  done = true;
  add_exception_describer([](const std::exception_ptr& e) -> std::optional<ExceptionText> {
    Program::State* st = g_state;
    if (!st || !st->interp) return std::nullopt;
    try {
      std::rethrow_exception(e);
    } catch (sc::PyException& p) {
      ExceptionText t;
      Value v(p.exc.get());
      try {
        t.repr = st->interp->repr(v);
        t.traceback = st->interp->format_exception(v);
      } catch (...) {
        t.repr = "<exception>";
      }
      return t;
    } catch (...) {
      return std::nullopt;
    }
  });
}
}  // namespace

Program::State& current_state() noexcept { return *g_state; }

// time.sleep(): on an executor worker it sleeps that worker only; anywhere else it blocks the
// loop (the classic mistake the timeline shows): a virtual clock jumps, a real one really waits.
static void blocking_sleep(Program::State& st, double seconds) {
  if (on_worker() || Loop::running()) {
    // a worker sleeps alone; on the loop, Loop::block_for holds the loop (and the timeline
    // shows the blocked step)
    SwitchGuard g(*st.interp);
    loopscope::blocking_sleep(seconds);
    return;
  }
  Nanos ns = seconds_to_nanos(seconds);
  if (st.clock->is_virtual()) st.clock->advance_to(st.clock->now() + ns);
  else std::this_thread::sleep_for(std::chrono::nanoseconds(st.clock->to_real(ns)));
}

// input(): natively a line of stdin; with async_input the host delivers it (deliver_input).
static std::optional<std::string> read_input_line(Program::State& st) {
  if (!st.options.async_input) {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    return line;
  }
  auto& w = st.input;
  w.waiting = true;
  w.delivered = false;
  Loop* l = Loop::running();
  if (l && (l->current_task_state() || this_worker::active())) {
    w.future = l->create_future<Value>();
    Future<Value> f = w.future;
    l->begin_external_work();
    struct End {
      Loop* l;
      ~End() { l->end_external_work(); }
    } end{l};
    {
      SwitchGuard g(*st.interp);
      if (this_worker::active()) this_worker::block_on(f.state());
      else l->await_state(f.state());
    }
    w.future = Future<Value>();
    const Value& v = f.result();
    if (v.is_none()) return std::nullopt;
    return std::string(v.as<sc::Str>()->s);
  }
  // the module body itself waits: give the host its turns until the line comes
  while (!w.delivered) {
    Driver* d = Driver::active();
    if (!d) break;
    SwitchGuard g(*st.interp);
    d->yield_to_host();
  }
  w.waiting = false;
  if (!w.delivered) return std::nullopt;
  w.delivered = false;
  return w.line;
}
Program::State* current_state_or_null() noexcept { return g_state; }

Program::Program(std::string source, ProgramOptions options)
    : source_(std::move(source)), options_(std::move(options)) {
  if (options_.clock == LoopOptions::ClockKind::Virtual) clock_ = std::make_shared<VirtualClock>();
  else clock_ = std::make_shared<RealClock>(options_.speed);
  trace_ = std::make_shared<Trace>();
  trace_->set_enabled(options_.trace);
  register_describer();
}

Program::~Program() {
  if (state_) {
    CurrentState cur(state_.get());
    state_->loop_objects.clear();
    state_->loops.clear();
    state_->interp.reset();
  }
}

static double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// How much of the calling thread's C stack is left below this point (0: unknown).
static std::size_t thread_stack_left() {
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* low = nullptr;
  std::size_t size = 0;
  int rc = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  const char* here = Interpreter::stack_position();
  if (rc != 0 || here <= static_cast<const char*>(low)) return 0;
  return std::size_t(here - static_cast<const char*>(low));
#else
  return 0;
#endif
}

void Program::run() {
  state_ = std::make_unique<State>();
  State& st = *state_;
  CurrentState cur(&st);
  st.program = this;
  st.options = options_;
  st.clock = clock_;
  st.trace = trace_;
  st.wall_origin = wall_now() - nanos_to_seconds(clock_->now());

  sc::Options so;
  so.filename = options_.filename;
  so.argv = options_.argv;
  so.recursion_limit = options_.recursion_limit;
  // Ask often, yield rarely: every 10,000 statements the budget hook reads the clock, and ends
  // the host's slice only once the slice's real-time budget (8 ms by default) is spent. A fixed
  // count alone made slices last 1 ms natively but ~100 ms in WebAssembly (Pause, Stop lagged).
  so.budget_interval = 10000;
  sc::HostHooks hooks;
  hooks.write = [](std::string_view text, bool err) { write_output(err ? Stream::Stderr : Stream::Stdout, text); };
  hooks.warning = [](const std::string& text) { write_output(Stream::Stderr, text); };
  hooks.monotonic = [&st] {
    if (Loop* l = Loop::running()) return l->time();
    return nanos_to_seconds(st.clock->now());
  };
  hooks.wall_clock = [&st] {
    if (Loop* l = Loop::running()) return st.wall_origin + l->time();
    return st.wall_origin + nanos_to_seconds(st.clock->now());
  };
  hooks.on_budget = [](Interpreter& in) {
    if (auto* d = Driver::active(); d && d->real_time_spent()) {
      SwitchGuard g(in);
      d->yield_to_host();
    }
  };
  hooks.translate_foreign_exception = [](std::exception_ptr e) -> std::optional<Value> {
    Program::State* s = g_state;
    if (!s || !s->interp) return std::nullopt;
    try {
      std::rethrow_exception(e);
    } catch (const CancelledError&) {
      if (!s->cancelled_class) return std::nullopt;
      return exception_value(*s->interp, e);
    } catch (const Error&) {
      return exception_value(*s->interp, e);
    } catch (...) {
      return std::nullopt;
    }
  };
  hooks.sleep = [&st](double s) { blocking_sleep(st, s); };
  hooks.read_line = [&st]() -> std::optional<std::string> { return read_input_line(st); };
  st.interp = std::make_unique<Interpreter>(so, hooks);
  Interpreter& in = *st.interp;
  // The module body's C stack: the driver's fiber, or what is left of the calling thread's. As in
  // tasks, Python calls raise RecursionError before it runs out (under AddressSanitizer, 1000
  // levels of `__init__` recursion did not fit in a main thread's 8 MiB).
  in.stack_limit_ = stack_limit_for(driven_ ? options_.main_stack_size : thread_stack_left());
  install_asyncio(in);
  install_aiohttp(in);
  exit_code_ = in.run_main(source_);
  // Loops still open at exit are destroyed now: pending tasks are reported as CPython does at
  // interpreter shutdown ("Task was destroyed but it is pending!").
  // The module's globals go first (as at interpreter shutdown), then the loops they held.
  {
    SwitchGuard g(in);
    if (in.main_module()) in.main_module()->dict->clear();
    st.loop_objects.clear();
    for (auto& l : st.loops) {
      if (l.use_count() == 1 && !l->is_running()) l.reset();
    }
  }
  finished_ = true;
}

void Program::start(Driver& driver) {
  driven_ = true;
  driver.start([this] { run(); }, options_.main_stack_size);
}

bool Program::waiting_for_input() const { return state_ && state_->input.waiting; }

void Program::deliver_input(std::optional<std::string> line) {
  if (!state_ || !state_->input.waiting) return;
  auto& w = state_->input;
  w.waiting = false;
  w.delivered = true;
  w.line = std::move(line);
  if (w.future && !w.future.done()) {
    CurrentState cur(state_.get());
    if (w.line) w.future.set_result(state_->interp->new_str(*w.line));
    else w.future.set_result(Value());
  }
}

}  // namespace loopscope::python
