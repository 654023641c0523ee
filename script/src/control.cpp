// try/except/finally, with/async with, await and yield.
#include "runtime.hpp"

namespace loopscope::script {

Ref<ExceptionObj> Interpreter::catch_current(Frame& f) {
  try {
    throw;
  } catch (PyException& e) {
    unwind_pooled_frames(&f, e.exc.get());
    return e.exc;
  } catch (const YieldSignal&) {
    return {};
  } catch (const std::bad_alloc&) {
    unwind_pooled_frames(&f, nullptr);
    return new_exception(exc_classes_["MemoryError"], std::vector<Value>{});
  } catch (...) {
    ExceptionObj* e = foreign_in_flight();
    unwind_pooled_frames(&f, e);
    return Ref<ExceptionObj>(e);
  }
}

ExceptionObj* Interpreter::foreign_in_flight() noexcept {
  std::exception_ptr ep = std::current_exception();
  // Seen before: a frame it left, or a handler that re-raised it (which rethrows the C++
  // exception) made it. One object all the way, as in CPython.
  if (ExceptionObj* seen = seen_foreign(ep)) return seen;
  if (!hooks_.translate_foreign_exception) return nullptr;
  try {
    std::optional<Value> v = hooks_.translate_foreign_exception(ep);
    if (!v || !v->is(Kind::Exception)) return nullptr;
    last_foreign_ = v->as<ExceptionObj>();
    last_foreign_->foreign = ep;
    return last_foreign_.get();
  } catch (...) {
    return nullptr;  // no traceback entries rather than a second exception
  }
}

bool Interpreter::exception_matches_type(const Value& exc, const Value& type) {
  if (type.is(Kind::Tuple)) {
    for (auto& t : type.as<Tuple>()->items)
      if (exception_matches_type(exc, t)) return true;
    return false;
  }
  if (!type.is(Kind::Class) || !type.as<ClassObj>()->is_exception)
    raise("TypeError", "catching classes that do not inherit from BaseException is not allowed");
  return exc.as<ExceptionObj>()->cls->is_subclass_of(type.as<ClassObj>());
}

void unbind_handler_name(Interpreter& in, const NameExpr* n, Frame& f) {
  if (n->scope == Scope::Fast) f.locals[n->slot] = Value::undef();
  else if (n->scope == Scope::Deref) f.locals[n->slot].as<Cell>()->value = Value::undef();
  else if (n->scope == Scope::Name && f.ns) f.ns->erase(in, Value(n->id.get()));
  else f.globals->erase(in, Value(n->id.get()));
}

Ctl Interpreter::exec_try(const Stmt* s, Frame& f) {
  auto* t = static_cast<const TryStmt*>(s);
  GeneratorObj* g = f.gen;
  // Where the value stack stood: what the failed block left above it is released before a
  // handler runs (see stack_alloc).
  StackMark mark = stack_mark();
  int phase = 0, hidx = 0;
  Ref<ExceptionObj> handled, pending;
  std::exception_ptr pending_foreign;
  Ctl result = Ctl::Normal;
  if (g && g->resuming && !g->resume.empty()) {
    ResumeEntry r = std::move(g->resume.back());
    g->resume.pop_back();
    phase = r.phase;
    hidx = r.index;
    if (r.a.is(Kind::Exception)) handled = r.a.as<ExceptionObj>();
    if (r.b.is(Kind::Exception)) pending = r.b.as<ExceptionObj>();
  }
  auto suspend = [&](int ph, int idx, Value a, Value b) {
    ResumeEntry r;
    r.phase = ph;
    r.index = idx;
    r.a = std::move(a);
    r.b = std::move(b);
    g->resume.push_back(std::move(r));
    return Ctl::Yield;
  };

  if (phase == 0) {
    Ref<ExceptionObj> exc;
    try {
      Ctl c = exec_block(t->body, f);
      if (c == Ctl::Yield) return suspend(0, 0, Value(), Value());
      if (c != Ctl::Normal) {
        result = c;
        phase = 3;
      } else {
        phase = 2;
      }
    } catch (const YieldSignal&) {
      throw;
    } catch (...) {
      stack_release(mark);
      exc = catch_current(f);
      if (!exc) {
        pending_foreign = std::current_exception();
        phase = 3;
      }
    }
    if (exc) {
      add_traceback(exc.get(), f);
      set_context(exc.get());
      phase = 3;
      pending = exc;
      Value ev(exc.get());
      if (t->is_star) {
        // Every matching handler runs here; what is left is raised after `finally`.
        pending = except_star(*this, t, exc, f);
      }
      for (size_t k = 0; !t->is_star && k < t->handlers.size(); ++k) {
        const ExceptHandler& h = t->handlers[k];
        bool match = !h.type;
        if (!match) {
          Value type = eval(h.type, f);
          match = exception_matches_type(ev, type);
        }
        if (match) {
          phase = 1;
          hidx = int(k);
          handled = exc;
          pending = Ref<ExceptionObj>();
          if (h.target) assign(h.target, ev, f);
          break;
        }
      }
      if (phase == 3 && pending.get() == exc.get() && exc->foreign) {
        // no handler: let the original C++ exception continue unchanged
        pending = Ref<ExceptionObj>();
        pending_foreign = exc->foreign;
      }
    }
  }

  if (phase == 1) {
    const ExceptHandler& h = t->handlers[size_t(hidx)];
    HandledGuard guard(handled_, Value(handled.get()));
    try {
      Ctl c = exec_block(h.body, f);
      if (c == Ctl::Yield) {
        guard.release();
        return suspend(1, hidx, Value(handled.get()), Value());
      }
      result = c;
    } catch (const YieldSignal&) {
      throw;
    } catch (...) {
      stack_release(mark);
      Ref<ExceptionObj> e2 = catch_current(f);
      if (e2) {
        add_traceback(e2.get(), f);
        set_context(e2.get());
        if (e2->foreign && e2->foreign != handled->foreign) {
          e2->context = Value();
          pending_foreign = e2->foreign;
        } else if (e2.get() == handled.get() && handled->foreign) {
          pending_foreign = handled->foreign;
        } else {
          pending = e2;
        }
      } else {
        pending_foreign = std::current_exception();
      }
    }
    guard.release();
    if (h.target) unbind_handler_name(*this, h.target, f);
    phase = 3;
  }

  if (phase == 2) {
    try {
      Ctl c = exec_block(t->orelse, f);
      if (c == Ctl::Yield) return suspend(2, 0, Value(), Value());
      result = c;
    } catch (const YieldSignal&) {
      throw;
    } catch (...) {
      stack_release(mark);
      Ref<ExceptionObj> e2 = catch_current(f);
      if (e2) add_traceback(e2.get(), f);
      if (e2 && !e2->foreign) pending = e2;
      else pending_foreign = std::current_exception();
    }
    phase = 3;
  }

  // phase 3: finally
  if (!t->finalbody.empty()) {
    HandledGuard guard(handled_, pending ? Value(pending.get()) : Value(), bool(pending));
    if (pending) add_traceback(pending.get(), f);
    Ctl c;
    try {
      c = exec_block(t->finalbody, f);
    } catch (const YieldSignal&) {
      throw;
    } catch (PyException& e3) {
      set_context(e3.exc.get());
      throw;
    }
    if (c == Ctl::Yield) {
      guard.release();
      return suspend(3, int(result), Value(), pending ? Value(pending.get()) : Value());
    }
    if (c != Ctl::Normal) return c;  // return/break in finally discards the exception
    if (g && result == Ctl::Normal && phase == 3 && !pending && !pending_foreign) {
      // resumed inside finally: recover the control flow saved at suspension
    }
  }
  if (pending_foreign) std::rethrow_exception(pending_foreign);
  if (pending) {
    pending->tb_pending = false;
    throw PyException(pending);
  }
  return result;
}

// ---------------------------------------------------------------- with
namespace {
struct WithCtx {
  const WithStmt* w;
};
}  // namespace

static Ctl exec_with_items(Interpreter& in, const WithStmt* w, size_t idx, Frame& f);

Ctl Interpreter::exec_with(const Stmt* s, Frame& f) {
  return exec_with_items(*this, static_cast<const WithStmt*>(s), 0, f);
}

static Value await_inline(Interpreter& in, const Value& v) {
  if (v.is(Kind::Generator)) return in.run_coroutine(v);
  if (v.is_obj()) return v.obj()->await_value(in);
  in.raise("TypeError", "object " + in.type_name(v) + " can't be used in 'await' expression");
}

static Ctl exec_with_items(Interpreter& in, const WithStmt* w, size_t idx, Frame& f) {
  if (idx == w->items.size()) return in.exec_block(w->body, f);
  GeneratorObj* g = f.gen;
  Value exit_fn;
  bool resumed = false;
  if (g && g->resuming && !g->resume.empty()) {
    exit_fn = std::move(g->resume.back().a);
    g->resume.pop_back();
    resumed = true;
  }
  bool async = w->is_async;
  if (!resumed) {
    const WithItem& item = w->items[idx];
    Value mgr = in.eval(item.context, f);
    f.current = item.context;
    Value enter;
    Str* enter_name = async ? in.names->aenter.get() : in.names->enter.get();
    Str* exit_name = async ? in.names->aexit.get() : in.names->exit.get();
    if (!in.has_special(mgr, enter_name, enter) || !in.has_special(mgr, exit_name, exit_fn)) {
      if (async)
        in.raise("TypeError", "'" + in.type_name(mgr) +
                                  "' object does not support the asynchronous context manager protocol");
      in.raise("TypeError", "'" + in.type_name(mgr) + "' object does not support the context manager protocol");
    }
    Value r = in.call(enter, &mgr, 1);
    if (async) r = await_inline(in, r);
    exit_fn = Value(new BoundMethod(mgr, exit_fn));
    if (item.target) in.assign(item.target, std::move(r), f);
  }
  Ctl c;
  Interpreter::StackMark mark = in.stack_mark();
  try {
    c = exec_with_items(in, w, idx + 1, f);
  } catch (const YieldSignal&) {
    throw;
  } catch (...) {
    in.stack_release(mark);  // before __exit__ runs, as in exec_try
    Ref<ExceptionObj> exc = in.catch_current(f);
    if (exc) in.add_traceback(exc.get(), f);  // the body's line
    f.current = w;  // what __exit__ raises is the with statement's, as in CPython
    if (!exc) {
      Value none;
      Value args[3] = {none, none, none};
      Value r = in.call(exit_fn, args, 3);
      if (async) await_inline(in, r);
      throw;
    }
    in.set_context(exc.get());
    Value ev(exc.get());
    Value args[3] = {Value(exc->cls.get()), ev, Value()};
    in.handled_.push_back(ev);
    Value r;
    try {
      r = in.call(exit_fn, args, 3);
      if (async) r = await_inline(in, r);
    } catch (PyException& e2) {
      in.set_context(e2.exc.get());
      in.handled_.pop_back();
      throw;
    } catch (...) {
      in.handled_.pop_back();
      throw;
    }
    in.handled_.pop_back();
    if (in.truthy(r)) return Ctl::Normal;
    if (exc->foreign) std::rethrow_exception(exc->foreign);
    exc->tb_pending = false;
    throw PyException(exc);
  }
  if (c == Ctl::Yield) {
    ResumeEntry r;
    r.a = exit_fn;
    g->resume.push_back(std::move(r));
    return c;
  }
  Value none;
  Value args[3] = {none, none, none};
  f.current = w;
  Value r = in.call(exit_fn, args, 3);
  if (async) await_inline(in, r);
  return c;
}

// ---------------------------------------------------------- await / yield
// The awaited object waits in a slot on the value stack, not in a C++ local: the await is on
// the stack at every fiber switch, which unwinds and rewinds it, and with no destructor pending
// neither needs a WebAssembly invoke trampoline (see eval_call).
Value Interpreter::eval_await(const Expr* e, Frame& f) {
  Value* held = stack_alloc(1);
  *held = eval(static_cast<const AwaitExpr*>(e)->value, f);
  f.current = e;
  Value result = await_object(*held);
  stack_release(held);
  return result;
}

Value Interpreter::await_object(const Value& v) {
  if (v.is(Kind::Generator)) {
    auto* g = v.as<GeneratorObj>();
    if (g->flavor != GeneratorObj::Coro)
      raise("TypeError", "object " + type_name(v) + " can't be used in 'await' expression");
    return run_coroutine(v);
  }
  if (v.is(Kind::Instance)) return await_instance(v);
  if (v.is_obj()) return v.obj()->await_value(*this);
  raise("TypeError", "object " + type_name(v) + " can't be used in 'await' expression");
}

// An instance of a class defined in Python: awaitable through __await__.
Value Interpreter::await_instance(const Value& v) {
  Value m;
  if (!has_special(v, names->await_.get(), m)) return v.obj()->await_value(*this);  // raises TypeError
  Value it = call(m, &v, 1);
  if (it.is(Kind::Generator) && it.as<GeneratorObj>()->flavor == GeneratorObj::Coro) return run_coroutine(it);
  // drive a generator-based awaitable to completion
  if (it.is(Kind::Generator)) {
    bool done = false;
    while (true) {
      Value last = generator_send(it.as<GeneratorObj>(), Value(), &done);
      if (done) return last;
    }
  }
  raise("TypeError", "__await__() returned non-iterator of type '" + type_name(it) + "'");
}

Value Interpreter::eval_yield(const Expr* e, Frame& f) {
  auto* y = static_cast<const YieldExpr*>(e);
  GeneratorObj* g = f.gen;
  if (!g) raise("SystemError", "yield outside generator");
  if (e->kind == EK::YieldFrom) {
    // Delegation: the sub-iterator survives suspensions in g->delegate.
    Value it, send_val;
    if (g->resuming) {
      g->resuming = false;
      it = std::move(g->delegate);
      send_val = std::move(g->sent);
    } else {
      Value src = eval(y->value, f);
      f.current = e;
      it = src.is(Kind::Generator) ? src : iter(src);
    }
    Value x;
    if (it.is(Kind::Generator)) {
      bool done = false;
      x = generator_send(it.as<GeneratorObj>(), send_val, &done);
      if (done) return x;  // the sub-generator's return value
    } else if (!next(it, x)) {
      return Value();
    }
    g->delegate = it;
    g->yielded = x;
    throw YieldSignal{};
  }
  if (g->resuming) {
    g->resuming = false;
    if (!g->throw_exc.is_none()) {
      Value ex = std::move(g->throw_exc);
      g->throw_exc = Value();
      f.current = e;
      raise_exception(ex);
    }
    return std::move(g->sent);
  }
  g->yielded = y->value ? eval(y->value, f) : Value();
  f.current = e;
  throw YieldSignal{};
}

}  // namespace loopscope::script
