// asyncio's synchronization primitives, queues, wait/wait_for/as_completed/shield, timeouts and
// TaskGroup: Python objects around the engine's implementations (locks.hpp, queues.hpp,
// wait.hpp, timeouts.hpp, taskgroup.hpp).
#include "state.hpp"

namespace loopscope::python {

using State = Program::State;

namespace {

template <class T>
class Holder final : public sc::NativeObject {
 public:
  Holder(sc::ClassObj* cls, std::shared_ptr<T> v) : NativeObject(cls), value(std::move(v)) {}
  std::shared_ptr<T> value;
};

template <class T>
std::shared_ptr<T> self_of(const Args& a) {
  return static_cast<Holder<T>*>(a[0].obj())->value;
}

Value arg(const Args& a, std::size_t i, std::string_view name) {
  const Value* v = a.get(i, name);
  return v ? *v : Value();
}

struct PyLess {
  bool operator()(const Value& x, const Value& y) const { return current_state().interp->lt(x, y); }
};

using PyQueue = Queue<Value>;
using PyLifo = LifoQueue<Value>;
using PyPriority = PriorityQueue<Value, PyLess>;

void method(Interpreter& in, sc::ClassObj& cls, const std::string& name, sc::NativeFn fn) {
  in.add_method(cls, name, guarded(std::move(fn)));
}

// A method returning a coroutine whose body may suspend (the SwitchGuard keeps the interpreter
// state of this fiber while others run).
template <class F>
sc::NativeFn coro_method(std::string name, F body) {
  return [name, body](Interpreter& in, const Args& a) -> Value {
    std::vector<Value> args(a.pos, a.pos + a.npos);
    return make_coro(in, name, [body, args](Interpreter& in) -> Value {
      Args b;
      b.pos = args.data();
      b.npos = args.size();
      return body(in, b);
    });
  };
}

Value none_coro(Interpreter& in, const std::string& name) {
  return make_coro(in, name, [](Interpreter&) -> Value { return Value::boolean(false); });
}

template <class T>
void lock_like(Interpreter& in, sc::ClassObj& cls) {
  method(in, cls, "acquire", coro_method("acquire", [](Interpreter& in, const Args& a) -> Value {
    auto l = self_of<T>(a);
    SwitchGuard g(in);
    return Value::boolean(l->acquire());
  }));
  method(in, cls, "release", [](Interpreter&, const Args& a) -> Value {
    self_of<T>(a)->release();
    return Value();
  });
  method(in, cls, "locked", [](Interpreter&, const Args& a) -> Value { return Value::boolean(self_of<T>(a)->locked()); });
  method(in, cls, "__aenter__", coro_method("__aenter__", [](Interpreter& in, const Args& a) -> Value {
    auto l = self_of<T>(a);
    SwitchGuard g(in);
    l->acquire();
    return Value();
  }));
  method(in, cls, "__aexit__", [](Interpreter& in, const Args& a) -> Value {
    self_of<T>(a)->release();
    return none_coro(in, "__aexit__");
  });
  method(in, cls, "__repr__", [](Interpreter& in, const Args& a) -> Value { return in.new_str(self_of<T>(a)->repr()); });
}

template <class Q>
void queue_class(Interpreter& in, sc::Module& m, const char* name) {
  Ref<sc::ClassObj> cls = in.new_class(name, "asyncio");
  in.set_constructor(*cls, [](Interpreter& in, sc::ClassObj* c, const Args& a) -> Value {
    Value ms = arg(a, 0, "maxsize");
    long maxsize = ms.is_none() ? 0 : long(in.to_index(ms));
    return Value(new Holder<Q>(c, std::make_shared<Q>(maxsize)));
  });
  method(in, *cls, "put", coro_method("put", [](Interpreter& in, const Args& a) -> Value {
    auto q = self_of<Q>(a);
    Value item = a[1];
    SwitchGuard g(in);
    q->put(item);
    return Value();
  }));
  method(in, *cls, "get", coro_method("get", [](Interpreter& in, const Args& a) -> Value {
    auto q = self_of<Q>(a);
    SwitchGuard g(in);
    return q->get();
  }));
  method(in, *cls, "join", coro_method("join", [](Interpreter& in, const Args& a) -> Value {
    auto q = self_of<Q>(a);
    SwitchGuard g(in);
    q->join();
    return Value();
  }));
  method(in, *cls, "put_nowait", [](Interpreter&, const Args& a) -> Value {
    self_of<Q>(a)->put_nowait(a[1]);
    return Value();
  });
  method(in, *cls, "get_nowait", [](Interpreter&, const Args& a) -> Value { return self_of<Q>(a)->get_nowait(); });
  method(in, *cls, "task_done", [](Interpreter&, const Args& a) -> Value {
    self_of<Q>(a)->task_done();
    return Value();
  });
  method(in, *cls, "qsize", [](Interpreter&, const Args& a) -> Value { return Value::integer(std::int64_t(self_of<Q>(a)->qsize())); });
  method(in, *cls, "empty", [](Interpreter&, const Args& a) -> Value { return Value::boolean(self_of<Q>(a)->empty()); });
  method(in, *cls, "full", [](Interpreter&, const Args& a) -> Value { return Value::boolean(self_of<Q>(a)->full()); });
  in.add_property(*cls, "maxsize", [](Interpreter&, const Args& a) -> Value { return Value::integer(self_of<Q>(a)->maxsize()); });
  // asyncio's str() <Queue maxsize=0 _queue=[1, 2] tasks=2>; its repr() adds the address after
  // the name.
  auto format = [](Interpreter& in, const Args& a, bool address) {
    auto q = self_of<Q>(a);
    std::string out = "<" + static_cast<sc::NativeObject*>(a[0].obj())->cls->name->s;  // type(self).__name__
    if (address) {
      char at[40];
      std::snprintf(at, sizeof at, " at %#llx", static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(a[0].obj())));
      out += at;
    }
    const auto& items = q->items();
    std::string stored = items.empty() ? "" : in.repr(in.new_list(std::vector<Value>(items.begin(), items.end())));
    return in.new_str(out + " " + q->format(stored) + ">");
  };
  method(in, *cls, "__str__", [format](Interpreter& in, const Args& a) -> Value { return format(in, a, false); });
  method(in, *cls, "__repr__", [format](Interpreter& in, const Args& a) -> Value { return format(in, a, true); });
  in.set_attr(m, name, Value(cls.get()));
}

struct TimeoutCm {
  std::unique_ptr<Timeout> cm;
};
struct GroupCm {
  std::unique_ptr<TaskGroup> group;
};

std::optional<double> opt_double(Interpreter& in, const Value& v) {
  if (v.is_none()) return std::nullopt;
  return in.to_double(v);
}

Value timeout_object(Interpreter& in, std::optional<double> when) {
  State& st = current_state();
  auto h = std::make_shared<TimeoutCm>();
  h->cm = std::make_unique<Timeout>(when);
  return Value(new Holder<TimeoutCm>(st.error_classes["_Timeout"], h));
}

}  // namespace

std::exception_ptr exception_ptr_of(Interpreter& in, const Value& exc) {
  if (!exc.is(sc::Kind::Exception)) return nullptr;
  auto* e = exc.as<sc::ExceptionObj>();
  if (e->foreign) return e->foreign;
  State& st = current_state();
  if (e->cls->is_subclass_of(st.cancelled_class)) {
    auto& items = e->args.as<sc::Tuple>()->items;
    if (!items.empty() && items[0].is(sc::Kind::Str)) return std::make_exception_ptr(CancelledError(items[0].as<sc::Str>()->s));
    return std::make_exception_ptr(CancelledError());
  }
  return std::make_exception_ptr(sc::PyException(Ref<sc::ExceptionObj>(e)));
}

// What as_completed returns. CPython's is a generator, so each `_wait_for_one()` coroutine is
// made only when the loop asks for the next: one a loop leaves unmade (a `return` inside it) is
// not a coroutine "never awaited".
class AsCompletedIter final : public sc::IterObj {
 public:
  explicit AsCompletedIter(std::shared_ptr<AsCompleted<Value>> ac) : IterObj("generator"), ac_(std::move(ac)) {}
  bool next(Interpreter& in, Value& out) override {
    if (made_ == ac_->size()) return false;
    ++made_;
    out = make_coro(in, "_wait_for_one", [ac = ac_](Interpreter& in) -> Value {
      SwitchGuard g(in);
      return ac->next();
    });
    return true;
  }

 private:
  std::shared_ptr<AsCompleted<Value>> ac_;
  std::size_t made_ = 0;
};

void install_sync_primitives(Interpreter& in, sc::Module& m) {
  State& st = current_state();

  // ---- locks
  Ref<sc::ClassObj> lock = in.new_class("Lock", "asyncio");
  in.set_constructor(*lock, [](Interpreter&, sc::ClassObj* c, const Args&) -> Value {
    return Value(new Holder<Lock>(c, std::make_shared<Lock>()));
  });
  lock_like<Lock>(in, *lock);
  in.set_attr(m, "Lock", Value(lock.get()));

  Ref<sc::ClassObj> sem = in.new_class("Semaphore", "asyncio");
  in.set_constructor(*sem, [](Interpreter& in, sc::ClassObj* c, const Args& a) -> Value {
    Value v = arg(a, 0, "value");
    try {
      return Value(new Holder<Semaphore>(c, std::make_shared<Semaphore>(v.is_none() ? 1 : long(in.to_index(v)))));
    } catch (const Error&) {
      rethrow_as_python(in);
    }
  });
  lock_like<Semaphore>(in, *sem);
  in.set_attr(m, "Semaphore", Value(sem.get()));
  Ref<sc::ClassObj> bsem = in.new_class("BoundedSemaphore", "asyncio", {sem});
  in.set_constructor(*bsem, [](Interpreter& in, sc::ClassObj* c, const Args& a) -> Value {
    Value v = arg(a, 0, "value");
    try {
      std::shared_ptr<Semaphore> s = std::make_shared<BoundedSemaphore>(v.is_none() ? 1 : long(in.to_index(v)));
      return Value(new Holder<Semaphore>(c, s));
    } catch (const Error&) {
      rethrow_as_python(in);
    }
  });
  in.set_attr(m, "BoundedSemaphore", Value(bsem.get()));

  Ref<sc::ClassObj> event = in.new_class("Event", "asyncio");
  in.set_constructor(*event, [](Interpreter&, sc::ClassObj* c, const Args&) -> Value {
    return Value(new Holder<Event>(c, std::make_shared<Event>()));
  });
  method(in, *event, "set", [](Interpreter&, const Args& a) -> Value {
    self_of<Event>(a)->set();
    return Value();
  });
  method(in, *event, "clear", [](Interpreter&, const Args& a) -> Value {
    self_of<Event>(a)->clear();
    return Value();
  });
  method(in, *event, "is_set", [](Interpreter&, const Args& a) -> Value { return Value::boolean(self_of<Event>(a)->is_set()); });
  method(in, *event, "wait", coro_method("wait", [](Interpreter& in, const Args& a) -> Value {
    auto e = self_of<Event>(a);
    SwitchGuard g(in);
    return Value::boolean(e->wait());
  }));
  method(in, *event, "__repr__", [](Interpreter& in, const Args& a) -> Value { return in.new_str(self_of<Event>(a)->repr()); });
  in.set_attr(m, "Event", Value(event.get()));

  struct Cond {
    std::shared_ptr<Lock> lock;  // keeps a shared lock alive
    std::unique_ptr<Condition> cond;
  };
  Ref<sc::ClassObj> cond = in.new_class("Condition", "asyncio");
  in.set_constructor(*cond, [](Interpreter& in, sc::ClassObj* c, const Args& a) -> Value {
    auto h = std::make_shared<Cond>();
    Value l = arg(a, 0, "lock");
    if (!l.is_none()) {
      h->lock = static_cast<Holder<Lock>*>(l.obj())->value;
      h->cond = std::make_unique<Condition>(*h->lock);
    } else {
      h->cond = std::make_unique<Condition>();
    }
    return Value(new Holder<Cond>(c, h));
  });
  auto cnd = [](const Args& a) -> Condition& { return *static_cast<Holder<Cond>*>(a[0].obj())->value->cond; };
  method(in, *cond, "acquire", coro_method("acquire", [cnd](Interpreter& in, const Args& a) -> Value {
    auto keep = self_of<Cond>(a);
    SwitchGuard g(in);
    return Value::boolean(cnd(a).acquire());
  }));
  method(in, *cond, "__aenter__", coro_method("__aenter__", [cnd](Interpreter& in, const Args& a) -> Value {
    auto keep = self_of<Cond>(a);
    SwitchGuard g(in);
    cnd(a).acquire();
    return Value();
  }));
  method(in, *cond, "__aexit__", [cnd](Interpreter& in, const Args& a) -> Value {
    cnd(a).release();
    return none_coro(in, "__aexit__");
  });
  method(in, *cond, "release", [cnd](Interpreter&, const Args& a) -> Value {
    cnd(a).release();
    return Value();
  });
  method(in, *cond, "locked", [cnd](Interpreter&, const Args& a) -> Value { return Value::boolean(cnd(a).locked()); });
  method(in, *cond, "wait", coro_method("wait", [cnd](Interpreter& in, const Args& a) -> Value {
    auto keep = self_of<Cond>(a);
    SwitchGuard g(in);
    return Value::boolean(cnd(a).wait());
  }));
  method(in, *cond, "wait_for", coro_method("wait_for", [cnd](Interpreter& in, const Args& a) -> Value {
    auto keep = self_of<Cond>(a);
    Value pred = a[1];
    Value r = in.call(pred, {});
    while (!in.truthy(r)) {
      {
        SwitchGuard g(in);
        cnd(a).wait();
      }
      r = in.call(pred, {});
    }
    return r;
  }));
  method(in, *cond, "notify", [cnd](Interpreter& in, const Args& a) -> Value {
    Value n = arg(a, 1, "n");
    cnd(a).notify(n.is_none() ? 1 : std::size_t(in.to_index(n)));
    return Value();
  });
  method(in, *cond, "notify_all", [cnd](Interpreter&, const Args& a) -> Value {
    cnd(a).notify_all();
    return Value();
  });
  in.set_attr(m, "Condition", Value(cond.get()));

  Ref<sc::ClassObj> barrier = in.new_class("Barrier", "asyncio");
  in.set_constructor(*barrier, [](Interpreter& in, sc::ClassObj* c, const Args& a) -> Value {
    try {
      return Value(new Holder<Barrier>(c, std::make_shared<Barrier>(int(in.to_index(arg(a, 0, "parties"))))));
    } catch (const Error&) {
      rethrow_as_python(in);
    }
  });
  method(in, *barrier, "wait", coro_method("wait", [](Interpreter& in, const Args& a) -> Value {
    auto b = self_of<Barrier>(a);
    SwitchGuard g(in);
    return Value::integer(b->wait());
  }));
  method(in, *barrier, "__aenter__", coro_method("__aenter__", [](Interpreter& in, const Args& a) -> Value {
    auto b = self_of<Barrier>(a);
    SwitchGuard g(in);
    return Value::integer(b->wait());
  }));
  method(in, *barrier, "__aexit__", [](Interpreter& in, const Args&) -> Value { return none_coro(in, "__aexit__"); });
  method(in, *barrier, "reset", coro_method("reset", [](Interpreter& in, const Args& a) -> Value {
    auto b = self_of<Barrier>(a);
    SwitchGuard g(in);
    b->reset();
    return Value();
  }));
  method(in, *barrier, "abort", coro_method("abort", [](Interpreter& in, const Args& a) -> Value {
    auto b = self_of<Barrier>(a);
    SwitchGuard g(in);
    b->abort();
    return Value();
  }));
  in.add_property(*barrier, "parties", [](Interpreter&, const Args& a) -> Value { return Value::integer(self_of<Barrier>(a)->parties()); });
  in.add_property(*barrier, "n_waiting", [](Interpreter&, const Args& a) -> Value { return Value::integer(self_of<Barrier>(a)->n_waiting()); });
  in.add_property(*barrier, "broken", [](Interpreter&, const Args& a) -> Value { return Value::boolean(self_of<Barrier>(a)->broken()); });
  in.set_attr(m, "Barrier", Value(barrier.get()));

  // ---- queues
  queue_class<PyQueue>(in, m, "Queue");
  queue_class<PyPriority>(in, m, "PriorityQueue");
  queue_class<PyLifo>(in, m, "LifoQueue");

  // ---- wait, wait_for, as_completed, shield
  in.set_attr(m, "FIRST_COMPLETED", in.new_str("FIRST_COMPLETED"));
  in.set_attr(m, "FIRST_EXCEPTION", in.new_str("FIRST_EXCEPTION"));
  in.set_attr(m, "ALL_COMPLETED", in.new_str("ALL_COMPLETED"));
  in.add_function(m, "wait", guarded([](Interpreter& in, const Args& a) -> Value {
    Value fs = arg(a, 0, "fs");
    std::optional<double> timeout = opt_double(in, arg(a, 1, "timeout"));
    Value rw = arg(a, 2, "return_when");
    ReturnWhen when = ReturnWhen::AllCompleted;
    if (rw.is(sc::Kind::Str)) {
      const std::string& s = rw.as<sc::Str>()->s;
      if (s == "FIRST_COMPLETED") when = ReturnWhen::FirstCompleted;
      else if (s == "FIRST_EXCEPTION") when = ReturnWhen::FirstException;
      else if (s != "ALL_COMPLETED") in.raise("ValueError", "Invalid return_when value: " + s);
    }
    std::vector<Value> items = in.to_vector(fs);
    return make_coro(in, "wait", [items, timeout, when](Interpreter& in) -> Value {
      Loop& loop = running_loop(in);
      std::vector<Value> objs;
      std::vector<AnyFuture> futs;
      for (auto& it : items) {
        if (in.is_coroutine(it)) in.raise("TypeError", "Passing coroutines is forbidden, use tasks explicitly.");
        objs.push_back(it);
        futs.push_back(AnyFuture(future_of(in, loop, it)));
      }
      if (futs.empty()) in.raise("ValueError", "Set of Tasks/Futures is empty.");
      {
        SwitchGuard g(in);
        loopscope::wait(futs, timeout, when);
      }
      Value done(new sc::Set()), pending(new sc::Set());
      for (std::size_t i = 0; i < futs.size(); ++i) (futs[i]->done() ? done : pending).as<sc::Set>()->add(in, objs[i]);
      return in.new_tuple({done, pending});
    });
  }));
  in.add_function(m, "wait_for", guarded([](Interpreter& in, const Args& a) -> Value {
    Value aw = arg(a, 0, "fut");
    std::optional<double> timeout = opt_double(in, arg(a, 1, "timeout"));
    return make_coro(in, "wait_for", [aw, timeout](Interpreter& in) -> Value {
      Loop& loop = running_loop(in);
      if (!timeout) {
        if (in.is_coroutine(aw)) return in.run_coroutine(aw);
        return await_future(in, future_of(in, loop, aw));
      }
      Future<Value> f = future_of(in, loop, aw);
      {
        SwitchGuard g(in);
        detail::wait_for_state(f.shared_state(), *timeout);
      }
      return await_future(in, f);
    });
  }));
  in.add_function(m, "shield", guarded([](Interpreter& in, const Args& a) -> Value {
    Loop& loop = running_loop(in);
    return wrap_future(in, shield(future_of(in, loop, arg(a, 0, "arg"))));
  }));
  in.add_function(m, "as_completed", guarded([](Interpreter& in, const Args& a) -> Value {
    Loop& loop = running_loop(in);
    std::vector<Future<Value>> fs;
    for (auto& it : in.to_vector(arg(a, 0, "fs"))) fs.push_back(future_of(in, loop, it));
    auto ac = std::make_shared<AsCompleted<Value>>(fs, opt_double(in, arg(a, 1, "timeout")));
    return Value(new AsCompletedIter(std::move(ac)));
  }));

  // ---- timeouts
  Ref<sc::ClassObj> tcls = in.new_class("Timeout", "asyncio.timeouts");
  st.error_classes["_Timeout"] = tcls.get();
  st.keep_alive.push_back(Value(tcls.get()));
  auto tm = [](const Args& a) -> Timeout& { return *static_cast<Holder<TimeoutCm>*>(a[0].obj())->value->cm; };
  method(in, *tcls, "__aenter__", [tm](Interpreter& in, const Args& a) -> Value {
    tm(a).enter();
    Value self = a[0];
    return make_coro(in, "__aenter__", [self](Interpreter&) -> Value { return self; });
  });
  method(in, *tcls, "__aexit__", [tm](Interpreter& in, const Args& a) -> Value {
    Value self = a[0], exc = a.size() > 2 ? a[2] : Value();
    std::exception_ptr e = exception_ptr_of(in, exc);
    return make_coro(in, "__aexit__", [self, exc, e, tm](Interpreter& in) -> Value {
      Value s = self;
      Args b;
      b.pos = &s;
      b.npos = 1;
      try {
        tm(b).exit(e);
      } catch (const TimeoutError&) {
        // `raise TimeoutError from exc_val`: the body's own CancelledError object
        throw sc::PyException(Ref<sc::ExceptionObj>(timeout_error_from(in, exc).as<sc::ExceptionObj>()));
      }
      return Value::boolean(false);
    });
  });
  method(in, *tcls, "when", [tm](Interpreter&, const Args& a) -> Value {
    auto w = tm(a).when();
    return w ? Value::floating(*w) : Value();
  });
  method(in, *tcls, "reschedule", [tm](Interpreter& in, const Args& a) -> Value {
    tm(a).reschedule(opt_double(in, a[1]));
    return Value();
  });
  method(in, *tcls, "expired", [tm](Interpreter&, const Args& a) -> Value { return Value::boolean(tm(a).expired()); });
  method(in, *tcls, "__repr__", [tm](Interpreter& in, const Args& a) -> Value { return in.new_str(tm(a).repr()); });
  in.add_function(m, "timeout", guarded([](Interpreter& in, const Args& a) -> Value {
    std::optional<double> d = opt_double(in, arg(a, 0, "delay"));
    if (d) d = running_loop(in).time() + *d;
    return timeout_object(in, d);
  }));
  in.add_function(m, "timeout_at", guarded([](Interpreter& in, const Args& a) -> Value {
    return timeout_object(in, opt_double(in, arg(a, 0, "when")));
  }));

  // ---- TaskGroup
  Ref<sc::ClassObj> group = in.new_class("TaskGroup", "asyncio");
  in.set_constructor(*group, [](Interpreter&, sc::ClassObj* c, const Args&) -> Value {
    auto h = std::make_shared<GroupCm>();
    h->group = std::make_unique<TaskGroup>();
    return Value(new Holder<GroupCm>(c, h));
  });
  auto tg = [](const Args& a) -> TaskGroup& { return *static_cast<Holder<GroupCm>*>(a[0].obj())->value->group; };
  method(in, *group, "__aenter__", [tg](Interpreter& in, const Args& a) -> Value {
    tg(a).enter();
    Value self = a[0];
    return make_coro(in, "__aenter__", [self](Interpreter&) -> Value { return self; });
  });
  method(in, *group, "__aexit__", [tg](Interpreter& in, const Args& a) -> Value {
    Value self = a[0];
    std::exception_ptr e = exception_ptr_of(in, a.size() > 2 ? a[2] : Value());
    return make_coro(in, "__aexit__", [self, e, tg](Interpreter& in) -> Value {
      Value s = self;
      Args b;
      b.pos = &s;
      b.npos = 1;
      SwitchGuard g(in);
      tg(b).exit(e);
      return Value::boolean(false);
    });
  });
  method(in, *group, "create_task", [tg](Interpreter& in, const Args& a) -> Value {
    return Value(create_task_named_after(in, running_loop(in), arg(a, 1, "coro"), a.get(2, "name"), &tg(a)).get());
  });
  method(in, *group, "__repr__", [tg](Interpreter& in, const Args& a) -> Value { return in.new_str(tg(a).repr()); });
  in.set_attr(m, "TaskGroup", Value(group.get()));
}

}  // namespace loopscope::python
