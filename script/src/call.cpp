// Calling: argument binding, Python frames, classes, bound methods and
// generators/coroutines.
#include <algorithm>
#include <cassert>

#include "runtime.hpp"

namespace loopscope::script {

// Frame locals live in a chunked LIFO stack: allocation is a bump of the
// current chunk; a chunk that is too small is skipped (never moved, so
// pointers into it stay valid).
void Interpreter::swap_exec_state(ExecState& s) noexcept {
  std::swap(frame_, s.frame);
  std::swap(frames_.chunks, s.frames.chunks);
  std::swap(frames_.used, s.frames.used);
  std::swap(depth_, s.depth);
  std::swap(handled_, s.handled);
  std::swap(stack_, s.stack);
  std::swap(stack_chunk_, s.stack_chunk);
  std::swap(stack_limit_, s.stack_limit);
}

void Interpreter::recursion_error() { raise("RecursionError", "maximum recursion depth exceeded"); }

// The fast paths of stack_alloc/stack_release are inline in interpreter.hpp. This makes the current
// chunk one with room for n slots (moving on to the next chunk, or adding one) and allocates
// there.
Value* Interpreter::stack_alloc_slow(size_t n) {
  if (stack_.empty()) {
    Chunk c;
    c.size = std::max<size_t>(1024, n);  // small first: every task has a value stack of its own
    c.data.reset(new Value[c.size]);
    stack_.push_back(std::move(c));
    stack_chunk_ = 0;
  }
  while (stack_[stack_chunk_].used + n > stack_[stack_chunk_].size) {
    ++stack_chunk_;
    if (stack_chunk_ == stack_.size()) {
      Chunk nc;
      nc.size = std::max<size_t>(stack_[stack_chunk_ - 1].size * 2, n);
      nc.data.reset(new Value[nc.size]);
      stack_.push_back(std::move(nc));
    } else if (stack_[stack_chunk_].size < n) {
      stack_[stack_chunk_].data.reset(new Value[n]);
      stack_[stack_chunk_].size = n;
    }
  }
  return stack_alloc(n);
}

// A mark: every slot above it freed, chunks above its chunk emptied.
void Interpreter::stack_release(StackMark m) noexcept {
  if (stack_.empty() || m.chunk > stack_chunk_) return;  // nothing above the mark
  while (stack_chunk_ > m.chunk) {
    Chunk& c = stack_[stack_chunk_];
    for (size_t i = 0; i < c.used; ++i) c.data[i] = Value();
    c.used = 0;
    --stack_chunk_;
  }
  Chunk& c = stack_[stack_chunk_];
  for (size_t i = m.used; i < c.used; ++i) c.data[i] = Value();
  if (m.used < c.used) c.used = m.used;
  if (c.used == 0 && stack_chunk_ > 0) --stack_chunk_;
}

// A slot in a chunk below the current one (the frames above it spilled into later chunks).
void Interpreter::stack_release_slow(Value* p) noexcept {
  for (size_t k = stack_chunk_; k-- > 0;) {
    Value* base = stack_[k].data.get();
    if (p >= base && p < base + stack_[k].size) return stack_release(StackMark{k, size_t(p - base)});
  }
  assert(!"stack_release: not a slot of this value stack");
}

Value Interpreter::call(const Value& callable, std::initializer_list<Value> args) {
  return call(callable, args.begin(), args.size());
}

Value Interpreter::call_with_kwargs(const Value& callable, std::vector<Value> args,
                                    std::vector<std::pair<std::string, Value>> kwargs) {
  std::vector<Value> names, values;
  for (auto& kv : kwargs) {
    names.push_back(Value(intern(kv.first).get()));
    values.push_back(kv.second);
  }
  return call(callable, args.data(), args.size(), names.data(), values.data(), names.size());
}

// A native function's call: its bound receiver (sys.stdout.write) first, if it has one.
Value Interpreter::call_native(NativeFunction* nf, const Value* args, size_t nargs, const Value* kwnames,
                               const Value* kwvalues, size_t nkw) {
  Args a;
  std::vector<Value> v;
  if (!nf->self.is_none()) {
    v.reserve(nargs + 1);
    v.push_back(nf->self);
    v.insert(v.end(), args, args + nargs);
    a.pos = v.data();
    a.npos = v.size();
  } else {
    a.pos = args;
    a.npos = nargs;
  }
  a.kwnames = kwnames;
  a.kwvalues = kwvalues;
  a.nkw = nkw;
  return nf->fn(*this, a);
}

Value Interpreter::call(const Value& callable, const Value* args, size_t nargs, const Value* kwnames,
                        const Value* kwvalues, size_t nkw) {
  if (callable.is_obj()) {
    switch (callable.obj()->kind) {
      case Kind::Function:
        return call_function(callable.as<Function>(), args, nargs, kwnames, kwvalues, nkw);
      case Kind::BoundMethod: {
        auto* bm = callable.as<BoundMethod>();
        if (bm->func.is(Kind::Function))
          return call_function(bm->func.as<Function>(), args, nargs, kwnames, kwvalues, nkw, &bm->self);
        std::vector<Value> v;
        v.reserve(nargs + 1);
        v.push_back(bm->self);
        v.insert(v.end(), args, args + nargs);
        if (bm->func.is(Kind::NativeFunction))  // self came from an attribute of an instance: no check
          return call_native(bm->func.as<NativeFunction>(), v.data(), v.size(), kwnames, kwvalues, nkw);
        return call(bm->func, v.data(), v.size(), kwnames, kwvalues, nkw);
      }
      case Kind::NativeFunction: {
        auto* nf = callable.as<NativeFunction>();
        if (nf->unbound_method()) check_receiver(*nf, args, nargs);
        return call_native(nf, args, nargs, kwnames, kwvalues, nkw);
      }
      case Kind::Class: {
        Args a;
        a.pos = args;
        a.npos = nargs;
        a.kwnames = kwnames;
        a.kwvalues = kwvalues;
        a.nkw = nkw;
        return call_class(callable.as<ClassObj>(), a);
      }
      case Kind::StaticMethod:
        return call(callable.as<StaticMethod>()->func, args, nargs, kwnames, kwvalues, nkw);
      default: {
        Value m;
        if (has_special(callable, names->call.get(), m)) {
          if (m.is(Kind::Function))
            return call_function(m.as<Function>(), args, nargs, kwnames, kwvalues, nkw, &callable);
          std::vector<Value> v{callable};
          v.insert(v.end(), args, args + nargs);
          return call(m, v.data(), v.size(), kwnames, kwvalues, nkw);
        }
      }
    }
  }
  raise("TypeError", "'" + type_name(callable) + "' object is not callable");
}

Value Interpreter::call_object(const Value& callable, const Args& a) {
  return call(callable, a.pos, a.npos, a.kwnames, a.kwvalues, a.nkw);
}

namespace {
std::string join_names(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) s += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    s += "'" + names[i] + "'";
  }
  return s;
}
}  // namespace

void Interpreter::bind_arguments(Function* fn, const Code* code, Value* locals, const Value* self,
                                 const Value* args, size_t nargs, const Value* kwnames,
                                 const Value* kwvalues, size_t nkw) {
  // (call_function handles an exact positional call itself)
  size_t npos = size_t(code->nparams_pos);
  size_t total = nargs + (self ? 1 : 0);
  auto arg_at = [&](size_t i) -> const Value& { return self ? (i == 0 ? *self : args[i - 1]) : args[i]; };
  size_t take = std::min(total, npos);
  for (size_t i = 0; i < take; ++i) locals[i] = arg_at(i);
  if (code->vararg_slot >= 0) {
    std::vector<Value> rest;
    for (size_t i = take; i < total; ++i) rest.push_back(arg_at(i));
    locals[code->vararg_slot] = Value(new Tuple(std::move(rest)));
  } else if (total > npos) {
    size_t ndef = fn->defaults.size();
    std::string takes;
    if (ndef && ndef <= npos && ndef > 0)
      takes = "from " + std::to_string(npos - ndef) + " to " + std::to_string(npos) + " positional arguments";
    else
      takes = std::to_string(npos) + " positional argument" + (npos == 1 ? "" : "s");
    raise("TypeError", fn->qualname + "() takes " + takes + " but " + std::to_string(total) +
                           (total == 1 ? " was" : " were") + " given");
  }
  Dict* kwdict = nullptr;
  if (code->kwarg_slot >= 0) {
    kwdict = new Dict();
    locals[code->kwarg_slot] = Value(kwdict);
  }
  size_t nkwonly = size_t(code->nparams_kwonly);
  size_t nposonly = size_t(code->nparams_posonly);
  auto param_index = [&](Str* name, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      Str* pn = code->slot_names[i].get();
      if (pn == name || pn->s == name->s) return i;
    }
    return SIZE_MAX;
  };
  for (size_t k = 0; k < nkw; ++k) {
    Str* name = kwnames[k].as<Str>();
    size_t idx = param_index(name, nposonly, npos + nkwonly);
    if (idx == SIZE_MAX) {
      if (kwdict) {
        kwdict->set(*this, kwnames[k], kwvalues[k]);
        continue;
      }
      // As CPython: every keyword naming a positional-only parameter, else the unexpected one.
      std::string posonly;
      for (size_t j = 0; j < nkw; ++j)
        if (param_index(kwnames[j].as<Str>(), 0, nposonly) != SIZE_MAX)
          posonly += (posonly.empty() ? "" : ", ") + kwnames[j].as<Str>()->s;
      if (!posonly.empty())
        raise("TypeError", fn->qualname + "() got some positional-only arguments passed as keyword arguments: '" + posonly + "'");
      raise("TypeError", fn->qualname + "() got an unexpected keyword argument '" + name->s + "'");
    }
    if (!locals[idx].is_undef())
      raise("TypeError", fn->qualname + "() got multiple values for argument '" + name->s + "'");
    locals[idx] = kwvalues[k];
  }
  size_t ndef = fn->defaults.size();
  size_t first_def = npos - ndef;
  std::vector<std::string> missing;
  for (size_t i = take; i < npos; ++i) {
    if (!locals[i].is_undef()) continue;
    if (i >= first_def) locals[i] = fn->defaults[i - first_def];
    else missing.push_back(code->slot_names[i]->s);
  }
  if (!missing.empty())
    raise("TypeError", fn->qualname + "() missing " + std::to_string(missing.size()) + " required positional argument" +
                           (missing.size() == 1 ? "" : "s") + ": " + join_names(missing));
  for (size_t k = 0; k < nkwonly; ++k) {
    size_t i = npos + k;
    if (!locals[i].is_undef()) continue;
    if (k < fn->has_kwdefault.size() && fn->has_kwdefault[k]) locals[i] = fn->kwdefaults[k];
    else missing.push_back(code->slot_names[i]->s);
  }
  if (!missing.empty())
    raise("TypeError", fn->qualname + "() missing " + std::to_string(missing.size()) + " required keyword-only argument" +
                           (missing.size() == 1 ? "" : "s") + ": " + join_names(missing));
}

// ------------------------------------------------------------- pooled frames
Interpreter::FramePool::~FramePool() {
  for (Frame* c : chunks) delete[] c;
}

void Interpreter::FramePool::grow() {
  Frame* chunk = new Frame[kChunk];
  for (size_t k = 0; k < kChunk; ++k) chunk[k].pooled = true;
  chunks.push_back(chunk);
}

void Interpreter::unwind_pooled_frames(Frame* live, ExceptionObj* e) noexcept {
  while (frame_ != live) {
    Frame* fr = frame_;
    assert(fr && fr->pooled && "an exception left a frame nobody unwound");
    if (e) {  // what run_frame's catch does for its frame
      add_traceback(e, *fr);
      e->tb_pending = true;
    }
    frame_ = fr->back;
    --depth_;
    pop_pooled(frames_, fr);
  }
}

// A Python call. Written without RAII helpers on purpose: in WebAssembly, a call that may throw,
// made while a C++ local needs destroying, goes through a JS `invoke_*` trampoline (see
// interpreter.hpp). The locals are raw slots on the value stack, released by run_frame, or, if
// binding the arguments raises, by whoever catches (see stack_alloc).
Value Interpreter::call_function(Function* fn, const Value* args, size_t nargs, const Value* kwnames,
                                 const Value* kwvalues, size_t nkw, const Value* self) {
  const Code* code = fn->code;
  Value* locals = bind_locals(*this, fn, args, nargs, kwnames, kwvalues, nkw, self);
  if (code->is_generator || code->is_async) {
    Value g = new_generator(fn, locals, code->slot_names.size());
    stack_release(locals);
    return g;
  }
  return run_frame(fn, locals, code, locals);
}

Value Interpreter::new_generator(Function* fn, const Value* locals, size_t nslots) {
  const Code* code = fn->code;
  auto* g = new GeneratorObj();
  Value gv(g);
  g->flavor = code->is_generator ? (code->is_async ? GeneratorObj::AsyncGen : GeneratorObj::Gen)
                                 : GeneratorObj::Coro;
  g->func = fn;
  g->interp = this;
  g->locals.assign(locals, locals + nslots);
  return gv;
}

// The frame chain, the recursion check, and fr's line added to the traceback of a Python
// exception that leaves it: run_in_frame's work, by hand, so that exec_block is the only call
// that needs a landing pad (one invoke trampoline per call in WebAssembly: calls through call()
// and coroutines; the evaluator's own calls take call_function_pooled). Inlined into its two
// callers: one C++ call level less per call.
HOT_INLINE Value Interpreter::run_frame(Function* fn, Value* locals, const Code* code, Value* slots, GeneratorObj* coro) {
  StackMark mark = slots ? StackMark{} : stack_mark();  // for a coroutine's frame, whose locals live in the coroutine
  if (recursion_exceeded()) {
    if (coro) {
      coro->running = false;
      coro->finished = true;
    }
    recursion_error();
  }
  Frame fr;
  fr.code = code;
  fr.func = fn;
  fr.locals = locals;
  fr.globals = fn->globals.get();
  fr.back = frame_;
  frame_ = &fr;
  ++depth_;
  try {
    if (code->return_expr) {
      fr.current = code->return_expr;
      fr.retval = eval(code->return_expr, fr);
    } else {
      exec_block(*code->body, fr);
    }
  } catch (PyException& e) {
    unwind_pooled_frames(&fr, e.exc.get());
    add_traceback(e.exc.get(), fr);
    e.exc->tb_pending = true;
    leave_frame(fr, slots, mark, coro);
    throw;
  } catch (...) {
    ExceptionObj* e = foreign_in_flight();  // as above, for the Python object it stands for
    unwind_pooled_frames(&fr, e);
    if (e) {
      add_traceback(e, fr);
      e->tb_pending = true;
    }
    leave_frame(fr, slots, mark, coro);
    throw;
  }
  leave_frame(fr, slots, mark, coro);
  return std::move(fr.retval);
}

void Interpreter::leave_frame(Frame& fr, Value* slots, StackMark mark, GeneratorObj* coro) noexcept {
  frame_ = fr.back;
  --depth_;
  if (slots) stack_release(slots);
  else stack_release(mark);
  if (coro) {
    coro->running = false;
    coro->finished = true;
  }
}

// ------------------------------------------------------------- classes
Value Interpreter::call_class(ClassObj* cls, const Args& a) {
  // type(x) with one argument
  if (cls == types.type && a.npos == 1 && a.nkw == 0) return Value(type_of(a.pos[0]));
  Value* user_new = nullptr;
  Value inst;
  for (ClassObj* c : cls->mro) {
    Value* n = dict_find_name(c->dict.get(), names->new_.get());
    if (n && (n->is(Kind::Function) || n->is(Kind::StaticMethod))) {
      user_new = n;
      break;
    }
    if (c->ctor) break;
  }
  if (user_new) {
    Value f = user_new->is(Kind::StaticMethod) ? user_new->as<StaticMethod>()->func : *user_new;
    std::vector<Value> v{Value(cls)};
    v.insert(v.end(), a.pos, a.pos + a.npos);
    inst = call(f, v.data(), v.size(), a.kwnames, a.kwvalues, a.nkw);
    if (!isinstance(inst, cls)) return inst;
  } else {
    ClassObj* native = nullptr;
    for (ClassObj* c : cls->mro)
      if (c->ctor) {
        native = c;
        break;
      }
    if (native && native != types.object) {
      inst = native->ctor(*this, cls, a);
      if (cls->is_builtin || native == cls) return inst;
    } else {
      inst = Value(new Instance(cls));
    }
  }
  // __init__
  Value* init = class_lookup(cls, names->init.get());
  if (init && init->is(Kind::Function)) {
    Value r = call_function(init->as<Function>(), a.pos, a.npos, a.kwnames, a.kwvalues, a.nkw, &inst);
    if (!r.is_none()) raise("TypeError", "__init__() should return None, not '" + type_name(r) + "'");
  } else if (init && init->is(Kind::NativeFunction)) {
    std::vector<Value> v{inst};
    v.insert(v.end(), a.pos, a.pos + a.npos);
    call(*init, v.data(), v.size(), a.kwnames, a.kwvalues, a.nkw);
  } else if (!init && !user_new && (a.npos || a.nkw) && inst.is(Kind::Instance)) {
    raise("TypeError", cls->name->s + "() takes no arguments");
  }
  return inst;
}

Value* Interpreter::class_lookup(const ClassObj* cls, Str* name) const {
  for (ClassObj* c : cls->mro)
    if (Value* v = dict_find_name(c->dict.get(), name)) return v;
  return nullptr;
}

bool Interpreter::has_special(const Value& obj, Str* name, Value& method) {
  ClassObj* t = type_of(obj);
  Value* v = class_lookup(t, name);
  if (!v) return false;
  method = *v;
  return true;
}

bool Interpreter::lookup_method(const Value& obj, Str* name, Value& out, bool& self_needed) {
  if (!obj.is_obj()) {
    Value* v = class_lookup(type_of(obj), name);
    if (v && v->is(Kind::NativeFunction)) {
      out = *v;
      self_needed = true;
      return true;
    }
    return false;
  }
  Kind k = obj.obj()->kind;
  if (k == Kind::Module || k == Kind::Class || k == Kind::Super) return false;
  Dict* d = nullptr;
  if (k == Kind::Instance || k == Kind::Exception) d = obj.as<Instance>()->dict.get();
  else if (k == Kind::Native) d = obj.as<NativeObject>()->dict.get();
  ClassObj* t = type_of(obj);
  Value* v = class_lookup(t, name);
  if (v && v->is(Kind::Property)) return false;
  if (d)
    if (Value* iv = dict_find_name(d, name)) {
      out = *iv;
      self_needed = false;
      return true;
    }
  if (!v) return false;
  if (v->is(Kind::Function) || v->is(Kind::NativeFunction)) {
    out = *v;
    self_needed = true;
    return true;
  }
  if (v->is(Kind::StaticMethod)) {
    out = v->as<StaticMethod>()->func;
    self_needed = false;
    return true;
  }
  return false;
}

Value Interpreter::call_method(const Value& obj, Str* name, const Value* args, size_t nargs) {
  Value m;
  bool self_needed = false;
  if (lookup_method(obj, name, m, self_needed)) {
    if (!self_needed) return call(m, args, nargs);
    if (m.is(Kind::Function)) return call_function(m.as<Function>(), args, nargs, nullptr, nullptr, 0, &obj);
    std::vector<Value> v{obj};
    v.insert(v.end(), args, args + nargs);
    return call(m, v.data(), v.size());
  }
  return call(getattr(obj, name), args, nargs);
}

Value Interpreter::call_method(const Value& obj, std::string_view name, std::initializer_list<Value> args) {
  return call_method(obj, intern(name).get(), args.begin(), args.size());
}

// ---------------------------------------------------------- generators
GeneratorObj::~GeneratorObj() {
  if (flavor == Coro && !started && interp) interp->warn_unawaited(this);
}

bool Interpreter::is_coroutine(const Value& v) const {
  return v.is(Kind::Generator) && v.as<GeneratorObj>()->flavor == GeneratorObj::Coro;
}

bool Interpreter::is_coroutine_function(const Value& v) const {
  const Value* f = &v;
  if (v.is(Kind::BoundMethod)) f = &v.as<BoundMethod>()->func;
  return f->is(Kind::Function) && f->as<Function>()->code->is_async &&
         !f->as<Function>()->code->is_generator;
}

std::string Interpreter::coroutine_name(const Value& coro) const {
  if (!coro.is(Kind::Generator)) return "?";
  return coro.as<GeneratorObj>()->func->qualname;
}

std::string Interpreter::coroutine_location(const Value& coro) const {
  if (!coro.is(Kind::Generator)) return "";
  const Code* code = coro.as<GeneratorObj>()->func->code;
  return code->filename + ":" + std::to_string(code->first_line);
}

std::string Interpreter::coroutine_position(const Value& coro, const Frame* innermost) const {
  if (!coro.is(Kind::Generator)) return "";
  auto* g = coro.as<GeneratorObj>();
  const Frame* f = innermost ? innermost : frame_;
  for (; f; f = f->back) {
    if (f->locals == g->locals.data() && f->current)
      return g->func->code->filename + ":" + std::to_string(f->current->line);
  }
  return coroutine_location(coro);
}

void Interpreter::mark_coroutine_awaited(const Value& coro) {
  if (coro.is(Kind::Generator)) coro.as<GeneratorObj>()->started = true;
}

Value Interpreter::run_coroutine(const Value& coro) {
  if (!coro.is(Kind::Generator) || coro.as<GeneratorObj>()->flavor != GeneratorObj::Coro)
    raise("TypeError", "a coroutine was expected, got " + repr(coro));
  // Raw: `coro` (the caller's) keeps it alive, and no destructor is pending across run_frame,
  // which marks it finished when the frame ends (see eval_await).
  auto* g = coro.as<GeneratorObj>();
  if (g->started) raise("RuntimeError", "cannot reuse already awaited coroutine");
  g->started = true;
  g->running = true;
  return run_frame(g->func.get(), g->locals.data(), g->func->code, nullptr, g);
}

Value Interpreter::generator_send(GeneratorObj* g, Value sent, bool* finished) {
  *finished = false;
  if (g->finished) {
    *finished = true;
    return Value();
  }
  if (g->running) raise("ValueError", "generator already executing");
  if (!g->started && !sent.is_none())
    raise("TypeError", "can't send non-None value to a just-started generator");
  Ref<GeneratorObj> keep(g);
  g->resuming = g->started;
  g->started = true;
  g->running = true;
  g->sent = std::move(sent);
  const Code* code = g->func->code;
  check_recursion();
  ++depth_;
  Frame fr;
  fr.code = code;
  fr.func = g->func.get();
  fr.locals = g->locals.data();
  fr.globals = g->func->globals.get();
  fr.gen = g;
  fr.back = frame_;
  frame_ = &fr;
  struct Restore {
    Interpreter* in;
    Frame* back;
    GeneratorObj* g;
    ~Restore() {
      in->frame_ = back;
      --in->depth_;
      g->running = false;
    }
  } restore{this, fr.back, g};
  // A generator's locals live in the generator; what its expressions leave on the value stack
  // (see stack_alloc) is released when it yields, returns or raises.
  StackMark mark = stack_mark();
  Ctl c;
  try {
    c = exec_block(*code->body, fr);
  } catch (PyException& e) {
    unwind_pooled_frames(&fr, e.exc.get());
    stack_release(mark);
    g->finished = true;
    g->resume.clear();
    add_traceback(e.exc.get(), fr);
    e.exc->tb_pending = true;
    if (e.exc->cls->is_subclass_of(exc_classes_["StopIteration"])) {
      Ref<ExceptionObj> rt = new_exception(exc_classes_["RuntimeError"],
                                           g->flavor == GeneratorObj::AsyncGen
                                               ? "async generator raised StopIteration"
                                               : "generator raised StopIteration");
      rt->cause = Value(e.exc.get());
      rt->context = Value(e.exc.get());
      rt->suppress_context = true;
      throw PyException(rt);
    }
    throw;
  } catch (...) {
    ExceptionObj* e = foreign_in_flight();
    unwind_pooled_frames(&fr, e);
    stack_release(mark);
    g->finished = true;
    g->resume.clear();
    if (e) {
      add_traceback(e, fr);
      e->tb_pending = true;
    }
    throw;
  }
  stack_release(mark);
  if (c == Ctl::Yield) return std::move(g->yielded);
  g->finished = true;
  *finished = true;
  return std::move(fr.retval);
}

Value Interpreter::generator_throw(GeneratorObj* g, const Value& exc, bool* finished) {
  if (!g->started || g->finished) {
    g->finished = true;
    raise_exception(exc);
  }
  Value e = exc;
  if (e.is(Kind::Class)) e = call(e, nullptr, 0);
  g->throw_exc = e;
  return generator_send(g, Value(), finished);
}

void Interpreter::generator_close(GeneratorObj* g) {
  if (!g->started || g->finished) {
    g->finished = true;
    return;
  }
  bool done = false;
  try {
    generator_throw(g, Value(exc_classes_["GeneratorExit"]), &done);
  } catch (PyException& e) {
    if (e.exc->cls->is_subclass_of(exc_classes_["GeneratorExit"]) ||
        e.exc->cls->is_subclass_of(exc_classes_["StopIteration"]))
      return;
    throw;
  }
  if (!done) raise("RuntimeError", "generator ignored GeneratorExit");
}

}  // namespace loopscope::script
