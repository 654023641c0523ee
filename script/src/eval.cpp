// The tree-walking evaluator: expressions and statements.
//
// Hot paths (names, small-int arithmetic, comparisons, calls) are handled
// inline in eval(); everything else lives in separate functions so that the
// C++ stack frame of eval() (which recurses once per nested expression) stays
// small.
#include <cmath>

#include "runtime.hpp"

namespace loopscope::script {

namespace {
inline Value* global_slot(Dict* d, Str* name) noexcept { return dict_find_name(d, name); }

// Small-int + - * without overflow; false to take the general path.
inline bool int_fast(BinOpKind op, int64_t a, int64_t b, int64_t& out) {
  switch (op) {
    case BinOpKind::Add: return !__builtin_add_overflow(a, b, &out);
    case BinOpKind::Sub: return !__builtin_sub_overflow(a, b, &out);
    case BinOpKind::Mul: return !__builtin_mul_overflow(a, b, &out);
    default: return false;
  }
}

inline bool int_cmp(CmpKind op, int64_t a, int64_t b, bool& out) {
  switch (op) {
    case CmpKind::Lt: out = a < b; return true;
    case CmpKind::Le: out = a <= b; return true;
    case CmpKind::Eq: out = a == b; return true;
    case CmpKind::Ne: out = a != b; return true;
    case CmpKind::Gt: out = a > b; return true;
    case CmpKind::Ge: out = a >= b; return true;
    default: return false;
  }
}

// A global's slot in the module's dict. The name's node remembers the entry index where it was
// found (entries keep their index until the dict is rebuilt), and the key check turns a stale
// index into an ordinary lookup: `fib` in `fib(n - 1)` is found without hashing.
HOT_INLINE Value* cached_global(Dict* d, const NameExpr* n) noexcept {
  uint32_t i = n->global_index;
  if (i < d->entries.size()) {
    Dict::Entry& e = d->entries[i];
    if (e.live && e.key.is_obj() && e.key.obj() == n->id.get()) return &e.value;
  }
  int32_t ix = dict_find_name_index(d, n->id.get());
  if (ix < 0) return nullptr;
  n->global_index = uint32_t(ix);
  return &d->entries[size_t(ix)].value;
}

// A constant, a bound local or a defined global: where its value is, found without a call to
// eval(); nullptr for anything else.
HOT_INLINE const Value* simple_value(Interpreter& in, const Expr* e, const Frame& f) noexcept {
  if (e->kind == EK::Constant) return &static_cast<const ConstantExpr*>(e)->value;
  if (e->kind != EK::Name) return nullptr;
  auto* n = static_cast<const NameExpr*>(e);
  if (n->scope == Scope::Fast) {
    const Value& v = f.locals[n->slot];
    return v.is_undef() ? nullptr : &v;
  }
  if (n->scope != Scope::Global) return nullptr;
  if (Value* v = cached_global(f.globals, n)) return v;
  return global_slot(in.builtins_.get(), n->id.get());
}

// `n - 1`: small-int + - * on two simple operands, without overflow.
HOT_INLINE bool simple_int_op(Interpreter& in, const Expr* e, const Frame& f, int64_t& out) noexcept {
  if (e->kind != EK::BinOp) return false;
  auto* b = static_cast<const BinOpExpr*>(e);
  const Value* l = simple_value(in, b->left, f);
  if (!l || !l->is_int()) return false;
  const Value* r = simple_value(in, b->right, f);
  return r && r->is_int() && int_fast(b->op, l->as_int(), r->as_int(), out);
}

// An operand whose evaluation makes no call (unless it raises): a constant or a name.
inline bool plain_operand(const Expr* e) { return e->kind == EK::Constant || e->kind == EK::Name; }
// `a + f(x)`: evaluated by eval_binop_held.
inline bool held_binop(const Expr* e) {
  return e->kind == EK::BinOp && !plain_operand(static_cast<const BinOpExpr*>(e)->right);
}

// An operand's value: simple_value() and simple_int_op() inline, eval() for anything else (the
// point of HOT_INLINE here is that no call is left).
// Besides saving the recursive call, this keeps the call off the WebAssembly invoke
// trampolines: eval() may throw, so calling it while another operand is held goes through one
// (see interpreter.hpp). One return of one expression, so that whichever branch runs constructs
// the caller's variable in place: temporaries here would add to the C stack frame of eval(),
// which recurses once per nested expression of every Python call.
HOT_INLINE Value operand(Interpreter& in, const Expr* e, Frame& f) {
  const Value* v = simple_value(in, e, f);
  int64_t n;
  return v                            ? *v
         : simple_int_op(in, e, f, n) ? Value::integer(n)
         : e->kind == EK::Call        ? in.eval_call(static_cast<const CallExpr*>(e), f)  // one call level less
         : held_binop(e)              ? in.eval_binop_held(static_cast<const BinOpExpr*>(e), f)  // likewise
                                      : in.eval(e, f);
}

// A condition's truth (if, while, conditional expression): `n < 2` on two small ints without a
// call to eval(), else truthy(eval()).
HOT_INLINE bool condition(Interpreter& in, const Expr* e, Frame& f) {
  if (e->kind == EK::Compare) {
    auto* c = static_cast<const CompareExpr*>(e);
    if (c->ops.size() == 1) {
      const Value* l = simple_value(in, c->left, f);
      const Value* r = l && l->is_int() ? simple_value(in, c->comparators[0], f) : nullptr;
      bool res;
      if (r && r->is_int() && int_cmp(c->ops[0], l->as_int(), r->as_int(), res)) return res;
    }
  }
  return in.truthy(in.eval(e, f));
}

// A value a function returns (`return x`, a lambda's body): operand(), with a conditional
// expression's branch chosen here rather than in one more eval() level.
HOT_INLINE Value returned_value(Interpreter& in, const Expr* e, Frame& f) {
  if (e->kind == EK::IfExp) {
    auto* i = static_cast<const IfExpExpr*>(e);
    e = condition(in, i->test, f) ? i->body : i->orelse;
  }
  return operand(in, e, f);
}

}  // namespace

// `a + f(x)`: a right operand that calls. The left operand waits in a slot on the value stack
// rather than in a C++ local, so that the call needs no WebAssembly invoke trampoline (see
// eval_call).
Value Interpreter::eval_binop_held(const BinOpExpr* b, Frame& f) {
  Value* held = stack_alloc(2);
  held[0] = operand(*this, b->left, f);
  held[1] = operand(*this, b->right, f);
  int64_t out;
  Value result;
  if (held[0].is_int() && held[1].is_int() && int_fast(b->op, held[0].as_int(), held[1].as_int(), out)) {
    result = Value::integer(out);
  } else {
    f.current = b;
    result = binary_op(b->op, held[0], held[1]);
  }
  stack_release(held);
  return result;
}

Value Interpreter::lookup_global(Str* name, Frame& f, const Node* n) {
  if (Value* v = global_slot(f.globals, name)) return *v;
  if (Value* v = global_slot(builtins_.get(), name)) return *v;
  raise_name_error(n, f, exc_classes_["NameError"], name, "name '" + name->s + "' is not defined");
}

Value Interpreter::eval(const Expr* e, Frame& f) {
  switch (e->kind) {
    case EK::Constant: case EK::Name: {
      if (const Value* v = simple_value(*this, e, f)) return *v;
      return eval_name_slow(e, f);  // unbound, or a scope simple_value does not look in
    }
    case EK::BinOp: {
      auto* b = static_cast<const BinOpExpr*>(e);
      if (held_binop(e)) return eval_binop_held(b, f);
      Value l = operand(*this, b->left, f);
      Value r = operand(*this, b->right, f);
      int64_t out;
      if (l.is_int() && r.is_int() && int_fast(b->op, l.as_int(), r.as_int(), out)) return Value::integer(out);
      f.current = e;
      return binary_op(b->op, l, r);
    }
    case EK::Compare: {
      auto* c = static_cast<const CompareExpr*>(e);
      Value l = operand(*this, c->left, f);
      size_t n = c->ops.size();
      for (size_t i = 0; i < n; ++i) {
        Value r = operand(*this, c->comparators[i], f);
        bool res;
        if (!(l.is_int() && r.is_int() && int_cmp(c->ops[i], l.as_int(), r.as_int(), res))) {
          f.current = e;
          Value v = compare(c->ops[i], l, r);
          if (n == 1) return v;
          res = truthy(v);
          if (!res) return v;
          if (i + 1 == n) return v;
        }
        if (!res) return Value::boolean(false);
        l = std::move(r);
      }
      return Value::boolean(true);
    }
    case EK::Call: return eval_call(static_cast<const CallExpr*>(e), f);
    case EK::Attribute: {
      auto* a = static_cast<const AttributeExpr*>(e);
      Value o = eval(a->value, f);
      f.current = e;
      return getattr(o, a->attr.get());
    }
    case EK::Subscript: {
      auto* s = static_cast<const SubscriptExpr*>(e);
      Value o = eval(s->value, f);
      Value k = eval(s->index, f);
      if (o.is(Kind::List) && k.is_int()) {
        auto& items = o.as<List>()->items;
        int64_t i = k.as_int();
        if (i < 0) i += int64_t(items.size());
        if (i >= 0 && i < int64_t(items.size())) return items[size_t(i)];
      }
      f.current = e;
      return getitem(o, k);
    }
    case EK::BoolOp: {
      auto* b = static_cast<const BoolOpExpr*>(e);
      Value v;
      for (size_t i = 0; i < b->values.size(); ++i) {
        v = eval(b->values[i], f);
        if (i + 1 == b->values.size()) break;
        bool t = truthy(v);
        if (b->is_and ? !t : t) break;
      }
      return v;
    }
    case EK::UnaryOp: {
      auto* u = static_cast<const UnaryOpExpr*>(e);
      Value v = eval(u->operand, f);
      if (u->op == UnaryKind::Not) return Value::boolean(!truthy(v));
      if (u->op == UnaryKind::Neg && v.is_int() && v.as_int() != INT64_MIN)
        return Value::integer(-v.as_int());
      f.current = e;
      return unary_op(u->op, v);
    }
    case EK::IfExp: {
      auto* i = static_cast<const IfExpExpr*>(e);
      bool test = condition(*this, i->test, f);  // the test's value gone before the branch runs
      return operand(*this, test ? i->body : i->orelse, f);
    }
    case EK::Await: return eval_await(e, f);  // not through eval_misc: see statement_value()
    default: return eval_misc(e, f);
  }
}

Value Interpreter::eval_name_slow(const Expr* e, Frame& f) {
  auto* n = static_cast<const NameExpr*>(e);
  switch (n->scope) {
    case Scope::Fast:
      raise_at(e, f, exc_classes_["UnboundLocalError"],
               "cannot access local variable '" + n->id->s + "' where it is not associated with a value");
    case Scope::Deref: {
      Cell* c = f.locals[n->slot].as<Cell>();
      if (!c->value.is_undef()) return c->value;
      if (n->slot < f.code->nlocals)
        raise_at(e, f, exc_classes_["UnboundLocalError"],
                 "cannot access local variable '" + n->id->s + "' where it is not associated with a value");
      raise_at(e, f, exc_classes_["NameError"],
               "cannot access free variable '" + n->id->s +
                   "' where it is not associated with a value in enclosing scope");
    }
    case Scope::ClassDeref: {
      if (Value* v = global_slot(f.ns, n->id.get())) return *v;
      Cell* c = f.locals[n->slot].as<Cell>();
      if (!c->value.is_undef()) return c->value;
      raise_at(e, f, exc_classes_["NameError"],
               "cannot access free variable '" + n->id->s +
                   "' where it is not associated with a value in enclosing scope");
    }
    case Scope::Name:
      if (f.ns)
        if (Value* v = global_slot(f.ns, n->id.get())) return *v;
      return lookup_global(n->id.get(), f, e);
    default: return lookup_global(n->id.get(), f, e);
  }
}

// What a call calls. For `obj.name(...)`, `self` gets obj, and the result says whether it is
// the first argument (a method found without making a bound method).
bool Interpreter::eval_callee(const CallExpr* c, Frame& f, Value& callee, Value& self) {
  if (c->func->kind != EK::Attribute) {
    callee = operand(*this, c->func, f);
    return false;
  }
  auto* a = static_cast<const AttributeExpr*>(c->func);
  self = operand(*this, a->value, f);
  f.current = a;
  bool self_needed = false;
  Value* in_module = self.is(Kind::Module) ? dict_find_name(self.as<Module>()->dict.get(), a->attr.get()) : nullptr;
  if (in_module) callee = *in_module;  // asyncio.sleep(...): no call (see operand())
  else if (!lookup_method(self, a->attr.get(), callee, self_needed)) callee = getattr(self, a->attr.get());
  return self_needed;
}

namespace {
// The three steps of a call that the evaluator makes with a pooled frame (call_function_pooled,
// and eval_call's plain calls): push the frame for fn's call with `locals`, run the body, pop the
// frame and release the value stack from `release` up (the locals, or a slot held below them).
HOT_INLINE Frame* push_call_frame(Interpreter& in, Function* fn, Value* locals) {
  Frame* fr = push_pooled(in.frames_);
  fr->code = fn->code;
  fr->func = fn;
  fr->locals = locals;
  fr->globals = fn->globals.get();
  fr->ns = nullptr;
  fr->current = fn->code->return_expr;
  fr->gen = nullptr;
  fr->back = in.frame_;
  in.frame_ = fr;
  ++in.depth_;
  return fr;
}

HOT_INLINE void run_call_body(Interpreter& in, Frame& fr) {
  if (fr.code->return_expr) fr.retval = returned_value(in, fr.code->return_expr, fr);
  else in.exec_block(*fr.code->body, fr);
}

HOT_INLINE Value pop_call_frame(Interpreter& in, Frame* fr, Value* release) {
  Value result = std::move(fr->retval);
  in.frame_ = fr->back;
  --in.depth_;
  pop_pooled(in.frames_, fr);
  in.stack_release(release);
  return result;
}
}  // namespace

// call_function with a pooled frame and no landing pad: nothing here catches. On an exception the
// frame's record, its locals and whatever its expressions held stay where they are, for the
// catcher (see FramePool). Inlined into eval_call_plain, its only caller: one C++ call level less per
// Python call.
HOT_INLINE Value Interpreter::call_function_pooled(Function* fn, const Value* args, size_t nargs,
                                                   const Value* kwnames, const Value* kwvalues, size_t nkw) {
  const Code* code = fn->code;
  if (code->is_generator || code->is_async) return call_function(fn, args, nargs, kwnames, kwvalues, nkw);
  Value* locals = bind_locals(*this, fn, args, nargs, kwnames, kwvalues, nkw, nullptr);
  if (recursion_exceeded()) recursion_error();
  Frame* fr = push_call_frame(*this, fn, locals);
  run_call_body(*this, *fr);
  return pop_call_frame(*this, fr, locals);
}

// The frame of a plain call `fib(n - 1)`, pushed, its locals bound, ready for the body: when the
// callee is a Python function (not a generator or coroutine, no closure cells) taking exactly
// these positional arguments, and the callee and every argument are simple values (constants,
// bound locals, defined globals, small-int arithmetic on those), read here without a call.
// nullptr, having changed nothing, for any other call (simple values have no side effects).
//
// A function of its own, and one that can never switch fibers (it runs no Python code and calls
// no host): under Asyncify, every function that may be on a fiber's stack when it switches is
// instrumented, which made eval_call's own code run ~1.4x slower in V8 (bench/python.mjs). This
// one is left uninstrumented (cmake/asyncify-remove.txt), so the common call is set up at full
// speed; eval_call keeps only the calls that may switch: the body's and tick()'s.
__attribute__((noinline)) Frame* Interpreter::enter_simple_call(const CallExpr* c, Frame& f) {
  if (!c->keywords.empty()) return nullptr;
  const Value* callee = simple_value(*this, c->func, f);
  if (!callee || !callee->is(Kind::Function)) return nullptr;
  Function* fn = callee->as<Function>();
  const Code* code = fn->code;
  size_t nargs = c->args.size();
  if (code->is_generator || code->is_async || code->has_cells || nargs != size_t(code->nparams_pos) ||
      code->vararg_slot >= 0 || code->kwarg_slot >= 0 || code->nparams_kwonly != 0 || recursion_exceeded())
    return nullptr;  // (the general path binds these, or raises RecursionError)
  // The callee is held in the slot below the locals for as long as the call runs: the body may
  // rebind the name it was found under.
  Value* held = stack_alloc(1 + code->slot_names.size());
  Value* locals = held + 1;
  for (size_t i = 0; i < nargs; ++i) {
    const Expr* a = c->args[i];
    int64_t n;
    if (const Value* v = simple_value(*this, a, f)) locals[i] = *v;
    else if (simple_int_op(*this, a, f, n)) locals[i] = Value::integer(n);
    else {
      stack_release(held);
      return nullptr;
    }
  }
  held[0] = *callee;
  return push_call_frame(*this, fn, locals);
}

Value Interpreter::eval_call(const CallExpr* c, Frame& f) {
  if (!c->simple) return eval_call_unpacking(c, f);
  f.current = c;
  tick();
  Frame* fr = c->func->kind == EK::Name ? enter_simple_call(c, f) : nullptr;
  if (fr) {
    // As in call_function_pooled, no landing pad: an exception leaves the frame and its slots to
    // whoever catches it (see FramePool).
    run_call_body(*this, *fr);
    return pop_call_frame(*this, fr, fr->locals - 1);  // and the callee held below the locals
  }
  return eval_call_plain(c, f);
}

// Any other call without `*args` or `**kwargs` (methods, builtins, keywords, defaults, ...). Not
// inlined into eval_call: that stays small, so V8 optimises it early (docs/python.md, "cold").
__attribute__((noinline)) Value Interpreter::eval_call_plain(const CallExpr* c, Frame& f) {
  // The callee, self and the arguments live in slots on the value stack, not in C++ locals:
  // with no destructor pending, none of the calls below needs a WebAssembly invoke trampoline.
  // An exception leaves the slots to whoever catches it (see stack_alloc).
  size_t npos = c->args.size(), nkw = c->keywords.size();
  Value* slots = stack_alloc(npos + nkw + 2);
  Value& callee = slots[0];
  bool self_needed = false;
  if (c->func->kind == EK::Attribute) self_needed = eval_callee(c, f, callee, slots[1]);
  else callee = operand(*this, c->func, f);  // f(...): without a call to eval_callee
  Value* buf = self_needed ? slots + 1 : slots + 2;  // self_needed: self is the first argument
  size_t k = self_needed ? 1 : 0;
  for (size_t i = 0; i < npos; ++i) buf[k++] = operand(*this, c->args[i], f);
  for (size_t i = 0; i < nkw; ++i) buf[k++] = operand(*this, c->keywords[i].value, f);
  f.current = c;
  size_t nargs = npos + (self_needed ? 1 : 0);
  const Value* kwnames = nkw ? c->kwnames.data() : nullptr;
  if (!self_needed && callee.is(Kind::NativeFunction) && callee.as<NativeFunction>()->unbound_method())
    check_receiver(*callee.as<NativeFunction>(), buf, nargs);  // `list.append(x, 1)`
  Value result = callee.is(Kind::Function)
                     ? call_function_pooled(callee.as<Function>(), buf, nargs, kwnames, buf + nargs, nkw)
                 : callee.is(Kind::NativeFunction) && callee.as<NativeFunction>()->self.is_none()
                     ? callee.as<NativeFunction>()->fn(*this, Args{buf, nargs, kwnames, buf + nargs, nkw})  // a builtin: no call() frame
                     : call(callee, buf, nargs, kwnames, buf + nargs, nkw);
  stack_release(slots);
  return result;
}

// A call with `*args` or `**kwargs`: out of eval_call, whose every line is on the path of each
// plain call. Its vectors and strings make it large, and V8 compiles eval_call's optimised
// code sooner the smaller it is (docs/python.md, "cold").
__attribute__((noinline)) Value Interpreter::eval_call_unpacking(const CallExpr* c, Frame& f) {
  Value callee, self;
  bool self_needed = eval_callee(c, f, callee, self);
  std::vector<Value> args, kwnames, kwvalues;
  if (self_needed) args.push_back(std::move(self));
  for (const Expr* a : c->args) {
    if (a->kind == EK::Starred) {
      Value it = eval(static_cast<const StarredExpr*>(a)->value, f);
      if (it.is(Kind::Tuple) || it.is(Kind::List)) {
        auto& items = it.is(Kind::Tuple) ? it.as<Tuple>()->items : it.as<List>()->items;
        args.insert(args.end(), items.begin(), items.end());
      } else {
        Value dummy;
        if (!it.is_obj() || (it.obj()->kind != Kind::Str && !has_special(it, names->iter.get(), dummy) &&
                             it.obj()->kind == Kind::Instance)) {
          f.current = c;
          std::string fname = c->func->kind == EK::Name
                                  ? static_cast<const NameExpr*>(c->func)->id->s
                                  : std::string("function");
          raise("TypeError", fname + "() argument after * must be an iterable, not " + type_name(it));
        }
        for (auto& v : to_vector(it)) args.push_back(v);
      }
    } else {
      args.push_back(eval(a, f));
    }
  }
  for (auto& kw : c->keywords) {
    Value v = eval(kw.value, f);
    if (kw.name) {
      kwnames.push_back(Value(kw.name.get()));
      kwvalues.push_back(std::move(v));
      continue;
    }
    if (!v.is(Kind::Dict)) {
      f.current = c;
      raise("TypeError", "argument after ** must be a mapping, not " + type_name(v));
    }
    for (auto& en : v.as<Dict>()->entries) {
      if (!en.live) continue;
      if (!en.key.is(Kind::Str)) raise("TypeError", "keywords must be strings");
      for (auto& existing : kwnames)
        if (existing.as<Str>()->s == en.key.as<Str>()->s) {
          f.current = c;
          std::string fname = callee.is(Kind::Function) ? callee.as<Function>()->qualname : "function";
          raise("TypeError", fname + "() got multiple values for keyword argument '" + en.key.as<Str>()->s + "'");
        }
      kwnames.push_back(en.key);
      kwvalues.push_back(en.value);
    }
  }
  f.current = c;
  tick();
  return call(callee, args.data(), args.size(), kwnames.data(), kwvalues.data(), kwnames.size());
}

Value Interpreter::eval_misc(const Expr* e, Frame& f) {
  switch (e->kind) {
    case EK::List: case EK::Tuple: case EK::Set: {
      auto* s = static_cast<const SeqExpr*>(e);
      std::vector<Value> items;
      items.reserve(s->elts.size());
      for (const Expr* x : s->elts) {
        if (x->kind == EK::Starred) {
          Value it = eval(static_cast<const StarredExpr*>(x)->value, f);
          for (auto& v : to_vector(it)) items.push_back(v);
        } else {
          items.push_back(eval(x, f));
        }
      }
      if (e->kind == EK::List) return Value(new List(std::move(items)));
      if (e->kind == EK::Tuple) return Value(new Tuple(std::move(items)));
      auto* st = new Set();
      Value res(st);
      f.current = e;
      for (auto& v : items) st->add(*this, v);
      return res;
    }
    case EK::Dict: {
      auto* d = static_cast<const DictExpr*>(e);
      auto* dict = new Dict();
      Value res(dict);
      for (size_t i = 0; i < d->keys.size(); ++i) {
        if (!d->keys[i]) {
          Value m = eval(d->values[i], f);
          if (!m.is(Kind::Dict)) raise("TypeError", "'" + type_name(m) + "' object is not a mapping");
          for (auto& en : m.as<Dict>()->entries)
            if (en.live) dict->set(*this, en.key, en.value);
          continue;
        }
        Value k = eval(d->keys[i], f);
        Value v = eval(d->values[i], f);
        f.current = e;
        dict->set(*this, k, std::move(v));
      }
      return res;
    }
    case EK::SliceExpr: {
      auto* s = static_cast<const SliceExpr*>(e);
      Value a = s->lower ? eval(s->lower, f) : Value();
      Value b = s->upper ? eval(s->upper, f) : Value();
      Value c = s->step ? eval(s->step, f) : Value();
      return Value(new Slice(std::move(a), std::move(b), std::move(c)));
    }
    case EK::Lambda: {
      auto* l = static_cast<const LambdaExpr*>(e);
      std::vector<Value> defs;
      std::vector<Value> kwdefs;
      std::vector<bool> has;
      for (auto& p : l->params.positional)
        if (p.default_value) defs.push_back(eval(p.default_value, f));
      for (auto& p : l->params.kwonly) {
        has.push_back(p.default_value != nullptr);
        kwdefs.push_back(p.default_value ? eval(p.default_value, f) : Value());
      }
      return make_function(l->code, defs, std::move(kwdefs), std::move(has), f);
    }
    case EK::Comprehension: return eval_comprehension(e, f);
    case EK::FString: return eval_fstring(e, f);
    case EK::Await: return eval_await(e, f);
    case EK::Yield: case EK::YieldFrom: return eval_yield(e, f);
    case EK::NamedExpr: {
      auto* n = static_cast<const NamedExprExpr*>(e);
      Value v = eval(n->value, f);
      assign(n->target, v, f);
      return v;
    }
    case EK::Starred:
      f.current = e;
      raise("SyntaxError", "can't use starred expression here");
    default: break;
  }
  raise("SystemError", "unknown expression");
}

Value Interpreter::eval_comprehension(const Expr* e, Frame& f) {
  auto* c = static_cast<const ComprehensionExpr*>(e);
  Value first = eval(c->generators[0].iter, f);
  f.current = c->generators[0].iter;
  Value it;
  if (c->generators[0].is_async) {
    it = call_method(first, "__aiter__", {});
  } else {
    it = iter(first);
  }
  Ref<Function> fn = make_function(c->code, {}, {}, {}, f).as<Function>();
  f.current = e;
  const Code* code = c->code;
  if (code->is_generator) return call_function(fn.get(), &it, 1, nullptr, nullptr, 0);
  LocalSlots slots(*this, code->slot_names.size());
  Value* locals = slots.p;
  locals[0] = std::move(it);
  bind_cells(code, locals, *fn);
  Frame fr;
  fr.code = code;
  fr.func = fn.get();
  fr.locals = locals;
  fr.globals = f.globals;
  if (c->comp == CompKind::List) fr.comp_result = Value(new List());
  else if (c->comp == CompKind::Set) fr.comp_result = Value(new Set());
  else fr.comp_result = Value(new Dict());
  run_in_frame(*this, fr, [&] { exec(c->body, fr); });
  return std::move(fr.comp_result);
}

// `whole`: the f-string a format spec belongs to. Formatting errors point at the whole f-string,
// as CPython's FORMAT_VALUE instruction does.
Value Interpreter::eval_fstring(const Expr* e, Frame& f, const Expr* whole) {
  auto* fs = static_cast<const FStringExpr*>(e);
  if (!whole) whole = e;
  std::string out;
  for (auto& p : fs->parts) {
    if (!p.expr) {
      out += p.literal;
      continue;
    }
    Value v = eval(p.expr, f);
    out += p.debug_text;
    std::string spec;
    if (p.format_spec) spec = eval_fstring(p.format_spec, f, whole).as<Str>()->s;
    f.current = whole;
    if (p.conversion == 'r' || p.conversion == 'a') v = new_str(repr(v));
    else if (p.conversion == 's') v = new_str(str(v));
    if (spec.empty() && v.is(Kind::Str)) out += v.as<Str>()->s;
    else out += format_value(v, spec);
  }
  return new_str(std::move(out));
}

// ------------------------------------------------------------- statements
namespace {
// A statement's expression: `await x` goes straight to eval_await, without an eval() frame (in
// WebAssembly every frame between a task's code and a fiber swap is unwound and rewound by
// Asyncify at each switch).
HOT_INLINE Value statement_value(Interpreter& in, const Expr* e, Frame& f) {
  return e->kind == EK::Await ? in.eval_await(e, f) : in.eval(e, f);
}

// The slot of a plain local variable target (`x = ...`, `for x in ...`), or nullptr: stored to
// without a call to assign().
inline Value* fast_local(const Expr* target, Frame& f) {
  if (target->kind != EK::Name) return nullptr;
  auto* n = static_cast<const NameExpr*>(target);
  return n->scope == Scope::Fast ? &f.locals[n->slot] : nullptr;
}

// A loop whose body or else-block yielded (a generator suspended inside it): remember the phase
// (0 body, 1 else) and, for `for`, the iterator, so that resuming the generator comes back here.
Ctl note_yield(GeneratorObj* g, Ctl c, int phase, Value iterator = Value()) {
  if (c == Ctl::Yield) {
    ResumeEntry r;
    r.phase = phase;
    r.a = std::move(iterator);
    g->resume.push_back(std::move(r));
  }
  return c;
}
}  // namespace

// An if statement's chosen block runs in this loop rather than in a call of exec_block of its own
// (each a C++ call that Asyncify makes dear in WebAssembly): when the if is its block's last
// statement, the chosen block takes over; otherwise where to come back to is kept, once (an if
// inside that chosen block, not in last position, makes the call).
Ctl Interpreter::exec_block(const Block& b, Frame& f) {
  if (f.gen) return exec_block_resumable(b, f);
  const Block* block = &b;
  size_t i = 0;
  const Block* back = nullptr;  // the block to go on with when `block` ends, at back_i
  size_t back_i = 0;
  for (;;) {
    if (i == block->size()) {
      if (!back) return Ctl::Normal;
      block = back;
      i = back_i;
      back = nullptr;
      continue;
    }
    const Stmt* s = (*block)[i++];
    if (s->kind != SK::If) {
      Ctl c = exec(s, f);
      if (c != Ctl::Normal) return c;
      continue;
    }
    tick();
    auto* st = static_cast<const IfStmt*>(s);
    f.current = st->test;
    const Block& chosen = condition(*this, st->test, f) ? st->body : st->orelse;
    if (chosen.empty()) continue;
    if (i < block->size()) {
      if (back) {
        Ctl c = exec_block(chosen, f);
        if (c != Ctl::Normal) return c;
        continue;
      }
      back = block;
      back_i = i;
    }
    block = &chosen;
    i = 0;
  }
}

// A generator's block, which may suspend at a yield and resume where it left off: out of
// exec_block, which every other block runs through. exec() is inlined here too, and that second
// copy in exec_block made it twice the size it needs to be: V8 compiles exec_block's optimised
// code sooner the smaller it is (docs/python.md, "cold").
__attribute__((noinline)) Ctl Interpreter::exec_block_resumable(const Block& b, Frame& f) {
  size_t n = b.size();
  GeneratorObj* g = f.gen;
  size_t i = 0;
  if (g->resuming && !g->resume.empty()) {
    i = size_t(g->resume.back().index);
    g->resume.pop_back();
  }
  for (; i < n; ++i) {
    Ctl c;
    try {
      c = exec(b[i], f);
    } catch (const YieldSignal&) {
      c = Ctl::Yield;
    }
    if (c == Ctl::Yield) {
      ResumeEntry r;
      r.index = int(i);
      g->resume.push_back(std::move(r));
      return c;
    }
    if (c != Ctl::Normal) return c;
  }
  return Ctl::Normal;
}

// Inlined into exec_block (its only callers are in this file): a statement costs a loop
// iteration there rather than a C++ call, which Asyncify makes dear in WebAssembly.
HOT_INLINE Ctl Interpreter::exec(const Stmt* s, Frame& f) {
  tick();
  switch (s->kind) {
    case SK::Expr: {
      f.current = s;
      statement_value(*this, static_cast<const ExprStmt*>(s)->value, f);
      return Ctl::Normal;
    }
    case SK::Assign: {
      auto* a = static_cast<const AssignStmt*>(s);
      f.current = s;
      Value v = statement_value(*this, a->value, f);
      if (a->targets.size() == 1)
        if (Value* slot = fast_local(a->targets[0], f)) {
          *slot = std::move(v);
          return Ctl::Normal;
        }
      for (const Expr* t : a->targets) assign(t, v, f);
      return Ctl::Normal;
    }
    case SK::Return: {
      auto* r = static_cast<const ReturnStmt*>(s);
      f.current = s;
      f.retval = !r->value                     ? Value()
                 : r->value->kind == EK::Await ? eval_await(r->value, f)
                                               : returned_value(*this, r->value, f);
      return Ctl::Return;
    }
    case SK::If: return exec_if(s, f);  // a generator's (exec_block runs the others' ifs itself)
    case SK::While: return exec_while(s, f);
    case SK::For: return exec_for(s, f);
    case SK::Break: return Ctl::Break;
    case SK::Continue: return Ctl::Continue;
    case SK::Pass: return Ctl::Normal;
    case SK::Try: return exec_try(s, f);
    case SK::With: return exec_with(s, f);
    case SK::CompAppend: return exec_comp_append(s, f);
    default:
      exec_simple(s, f);
      return Ctl::Normal;
  }
}

// A comprehension's append: out of exec(), which is inlined into exec_block, where its Values
// (and the landing pads they need) lengthened every statement's path.
__attribute__((noinline)) Ctl Interpreter::exec_comp_append(const Stmt* s, Frame& f) {
  auto* c = static_cast<const CompAppendStmt*>(s);
  if (c->comp == CompKind::List) {
    Value v = eval(c->elt, f);
    f.comp_result.as<List>()->items.push_back(std::move(v));
  } else if (c->comp == CompKind::Set) {
    Value v = eval(c->elt, f);
    f.current = c->elt;
    f.comp_result.as<Set>()->add(*this, v);
  } else {
    Value k = eval(c->elt, f);
    Value v = eval(c->value, f);
    f.current = c->elt;
    f.comp_result.as<Dict>()->set(*this, k, std::move(v));
  }
  return Ctl::Normal;
}

Ctl Interpreter::exec_if(const Stmt* s, Frame& f) {
  auto* i = static_cast<const IfStmt*>(s);
  GeneratorObj* g = f.gen;
  int branch;
  if (g && g->resuming && !g->resume.empty()) {
    branch = g->resume.back().index;
    g->resume.pop_back();
  } else {
    f.current = i->test;
    branch = condition(*this, i->test, f) ? 0 : 1;
  }
  Ctl c = exec_block(branch == 0 ? i->body : i->orelse, f);
  if (c == Ctl::Yield) {
    ResumeEntry r;
    r.index = branch;
    g->resume.push_back(std::move(r));
  }
  return c;
}

Ctl Interpreter::exec_while(const Stmt* s, Frame& f) {
  auto* w = static_cast<const WhileStmt*>(s);
  GeneratorObj* g = f.gen;
  int phase = 0;
  bool resume = false;
  if (g && g->resuming && !g->resume.empty()) {
    phase = g->resume.back().phase;
    g->resume.pop_back();
    resume = true;
  }
  if (phase == 0) {
    while (true) {
      if (!resume) {
        tick();
        f.current = w->test;
        if (!condition(*this, w->test, f)) break;
      }
      resume = false;
      Ctl c = exec_block(w->body, f);
      if (c == Ctl::Normal || c == Ctl::Continue) continue;
      if (c == Ctl::Break) return Ctl::Normal;
      return note_yield(g, c, 0);
    }
  }
  return note_yield(g, exec_block(w->orelse, f), 1);
}

Ctl Interpreter::exec_for(const Stmt* s, Frame& f) {
  // The iterator waits in a slot on the value stack, not in a C++ local, so that running the
  // body is a plain call, not a WebAssembly invoke trampoline (see eval_call). An await in the
  // body makes that matter twice: each fiber switch unwinds and rewinds the calls on the stack.
  Value* it = stack_alloc(1);
  Ctl c = exec_for_iterator(static_cast<const ForStmt*>(s), f, *it);
  stack_release(it);
  return c;
}

Ctl Interpreter::exec_for_iterator(const ForStmt* fs, Frame& f, Value& it) {
  GeneratorObj* g = f.gen;
  int phase = 0;
  bool resume = false;
  if (g && g->resuming && !g->resume.empty()) {
    phase = g->resume.back().phase;
    it = std::move(g->resume.back().a);
    g->resume.pop_back();
    resume = true;
  } else {
    Value seq = eval(fs->iter, f);
    f.current = fs->iter;
    if (fs->is_async) {
      Value m;
      if (!has_special(seq, names->aiter.get(), m) && !seq.is(Kind::Generator))
        raise("TypeError", "'async for' requires an object with __aiter__ method, got " + type_name(seq));
      it = seq.is(Kind::Generator) ? seq : call(m, &seq, 1);
    } else {
      it = iter(seq);
    }
  }
  if (phase == 0) {
    // fast path for lists and ranges is handled by next()
    while (true) {
      if (!resume) {
        Value x;
        if (fs->is_async) {
          f.current = fs->iter;
          bool done = false;
          if (it.is(Kind::Generator) && it.as<GeneratorObj>()->flavor == GeneratorObj::AsyncGen) {
            x = generator_send(it.as<GeneratorObj>(), Value(), &done);
          } else {
            Value aw = call_method(it, names->anext.get(), nullptr, 0);
            try {
              if (aw.is(Kind::Generator)) x = run_coroutine(aw);
              else if (aw.is_obj()) x = aw.obj()->await_value(*this);
              else raise("TypeError", "'async for' received an invalid object from __anext__: " + type_name(aw));
            } catch (PyException& ex) {
              if (ex.exc->cls->is_subclass_of(exc_classes_["StopAsyncIteration"])) done = true;
              else throw;
            }
          }
          if (done) break;
        } else if (RangeIter::is_range(it)) {
          if (!it.as<RangeIter>()->advance(x)) break;
        } else {
          f.current = fs;  // an error getting the next item is the for statement's, as CPython's
          if (!next(it, x)) break;
        }
        if (Value* slot = fast_local(fs->target, f)) *slot = std::move(x);  // no call: see operand()
        else assign(fs->target, std::move(x), f);
      }
      resume = false;
      Ctl c = exec_block(fs->body, f);
      if (c == Ctl::Normal || c == Ctl::Continue) continue;
      if (c == Ctl::Break) return Ctl::Normal;
      return note_yield(g, c, 0, std::move(it));
    }
  }
  return note_yield(g, exec_block(fs->orelse, f), 1);
}

void Interpreter::assign(const Expr* t, Value v, Frame& f) {
  switch (t->kind) {
    case EK::Name: {
      auto* n = static_cast<const NameExpr*>(t);
      switch (n->scope) {
        case Scope::Fast: f.locals[n->slot] = std::move(v); return;
        case Scope::Deref: f.locals[n->slot].as<Cell>()->value = std::move(v); return;
        case Scope::Name:
          if (f.ns) {
            f.ns->set(*this, Value(n->id.get()), std::move(v));
            return;
          }
          [[fallthrough]];
        default: f.globals->set(*this, Value(n->id.get()), std::move(v)); return;
      }
    }
    case EK::Attribute: {
      auto* a = static_cast<const AttributeExpr*>(t);
      Value o = eval(a->value, f);
      f.current = t;
      setattr(o, a->attr.get(), std::move(v));
      return;
    }
    case EK::Subscript: {
      auto* s = static_cast<const SubscriptExpr*>(t);
      Value o = eval(s->value, f);
      Value k = eval(s->index, f);
      f.current = t;
      setitem(o, k, std::move(v));
      return;
    }
    case EK::Tuple: case EK::List: {
      auto* s = static_cast<const SeqExpr*>(t);
      f.current = t;
      std::vector<Value> items;
      if (v.is(Kind::Tuple)) items = v.as<Tuple>()->items;
      else if (v.is(Kind::List)) items = v.as<List>()->items;
      else {
        if (!v.is_obj() || v.is(Kind::Class) || v.is(Kind::Function)) {
          raise("TypeError", "cannot unpack non-iterable " + type_name(v) + " object");
        }
        items = to_vector(v);
      }
      size_t n = s->elts.size();
      int star = -1;
      for (size_t i = 0; i < n; ++i)
        if (s->elts[i]->kind == EK::Starred) star = int(i);
      if (star < 0) {
        if (items.size() < n)
          raise("ValueError", "not enough values to unpack (expected " + std::to_string(n) + ", got " +
                                  std::to_string(items.size()) + ")");
        if (items.size() > n)
          raise("ValueError", "too many values to unpack (expected " + std::to_string(n) + ")");
        for (size_t i = 0; i < n; ++i) assign(s->elts[i], std::move(items[i]), f);
        return;
      }
      if (items.size() < n - 1)
        raise("ValueError", "not enough values to unpack (expected at least " + std::to_string(n - 1) +
                                ", got " + std::to_string(items.size()) + ")");
      size_t after = n - size_t(star) - 1;
      for (size_t i = 0; i < size_t(star); ++i) assign(s->elts[i], items[i], f);
      std::vector<Value> mid(items.begin() + star, items.end() - long(after));
      assign(static_cast<const StarredExpr*>(s->elts[size_t(star)])->value, Value(new List(std::move(mid))), f);
      for (size_t i = 0; i < after; ++i) assign(s->elts[size_t(star) + 1 + i], items[items.size() - after + i], f);
      return;
    }
    case EK::Starred:
      assign(static_cast<const StarredExpr*>(t)->value, std::move(v), f);
      return;
    default: raise("SyntaxError", "cannot assign");
  }
}

void Interpreter::del_target(const Expr* t, Frame& f) {
  switch (t->kind) {
    case EK::Name: {
      auto* n = static_cast<const NameExpr*>(t);
      switch (n->scope) {
        case Scope::Fast:
          if (f.locals[n->slot].is_undef())
            raise_at(t, f, exc_classes_["UnboundLocalError"],
                     "cannot access local variable '" + n->id->s + "' where it is not associated with a value");
          f.locals[n->slot] = Value::undef();
          return;
        case Scope::Deref: f.locals[n->slot].as<Cell>()->value = Value::undef(); return;
        case Scope::Name:
          if (f.ns) {
            if (!f.ns->erase(*this, Value(n->id.get())))
              raise_name_error(t, f, exc_classes_["NameError"], n->id.get(), "name '" + n->id->s + "' is not defined");
            return;
          }
          [[fallthrough]];
        default:
          if (!f.globals->erase(*this, Value(n->id.get())))
            raise_name_error(t, f, exc_classes_["NameError"], n->id.get(), "name '" + n->id->s + "' is not defined");
          return;
      }
    }
    case EK::Attribute: {
      auto* a = static_cast<const AttributeExpr*>(t);
      Value o = eval(a->value, f);
      f.current = t;
      delattr(o, a->attr.get());
      return;
    }
    case EK::Subscript: {
      auto* s = static_cast<const SubscriptExpr*>(t);
      Value o = eval(s->value, f);
      Value k = eval(s->index, f);
      f.current = t;
      delitem(o, k);
      return;
    }
    case EK::Tuple: case EK::List:
      for (const Expr* x : static_cast<const SeqExpr*>(t)->elts) del_target(x, f);
      return;
    default: raise("SyntaxError", "cannot delete");
  }
}

namespace {
// Where CPython's traceback points when an assert fails: its compiler (compiler_jump_if) leaves
// the position of the last comparison it compiled in the test, through `not`, and/or and
// conditional expressions, on the instructions that raise; with no comparison, the statement.
const Expr* assert_position(const Expr* e) {
  switch (e->kind) {
    case EK::Compare: return e;
    case EK::UnaryOp: {
      auto* u = static_cast<const UnaryOpExpr*>(e);
      return u->op == UnaryKind::Not ? assert_position(u->operand) : nullptr;
    }
    case EK::BoolOp: {
      const Expr* last = nullptr;
      for (const Expr* operand : static_cast<const BoolOpExpr*>(e)->values)
        if (const Expr* p = assert_position(operand)) last = p;
      return last;
    }
    case EK::IfExp: {
      auto* x = static_cast<const IfExpExpr*>(e);
      const Expr* last = nullptr;
      for (const Expr* part : {x->test, x->body, x->orelse})
        if (const Expr* p = assert_position(part)) last = p;
      return last;
    }
    default: return nullptr;
  }
}
}  // namespace

void Interpreter::exec_simple(const Stmt* s, Frame& f) {
  f.current = s;
  switch (s->kind) {
    case SK::AugAssign: {
      auto* a = static_cast<const AugAssignStmt*>(s);
      const Expr* t = a->target;
      if (t->kind == EK::Name) {
        Value cur = eval(t, f);
        Value rhs = eval(a->value, f);
        f.current = s;
        Value r;
        if (!(cur.is_int() && rhs.is_int() && [&] {
              int64_t x;
              if (a->op == BinOpKind::Add && !__builtin_add_overflow(cur.as_int(), rhs.as_int(), &x)) {
                r = Value::integer(x);
                return true;
              }
              if (a->op == BinOpKind::Sub && !__builtin_sub_overflow(cur.as_int(), rhs.as_int(), &x)) {
                r = Value::integer(x);
                return true;
              }
              return false;
            }()))
          r = binary_op(a->op, cur, rhs, true);
        cur = Value();
        assign(t, std::move(r), f);
      } else if (t->kind == EK::Attribute) {
        auto* at = static_cast<const AttributeExpr*>(t);
        Value o = eval(at->value, f);
        f.current = t;
        Value cur = getattr(o, at->attr.get());
        Value rhs = eval(a->value, f);
        f.current = s;
        Value r = binary_op(a->op, cur, rhs, true);
        f.current = t;
        setattr(o, at->attr.get(), std::move(r));
      } else {
        auto* st = static_cast<const SubscriptExpr*>(t);
        Value o = eval(st->value, f);
        Value k = eval(st->index, f);
        f.current = t;
        Value cur = getitem(o, k);
        Value rhs = eval(a->value, f);
        f.current = s;
        Value r = binary_op(a->op, cur, rhs, true);
        f.current = t;
        setitem(o, k, std::move(r));
      }
      return;
    }
    case SK::AnnAssign: {
      auto* a = static_cast<const AnnAssignStmt*>(s);
      if (a->value) assign(a->target, eval(a->value, f), f);
      // A module's or class body's `name: annotation` is recorded in its __annotations__
      // (dataclasses read them); a function's are not evaluated.
      bool at_top = f.ns || !f.code || f.code->type == Code::Module;
      if (at_top && a->target->kind == EK::Name) {
        Dict* ns = f.ns ? f.ns : f.globals;
        Value annotation = eval(a->annotation, f);
        Str* key = names->annotations.get();
        Value* d = dict_find_name(ns, key);
        if (!d || !d->is(Kind::Dict)) {
          ns->set(*this, Value(key), Value(new Dict()));
          d = dict_find_name(ns, key);
        }
        d->as<Dict>()->set(*this, Value(static_cast<const NameExpr*>(a->target)->id.get()), std::move(annotation));
      }
      return;
    }
    case SK::FunctionDef: exec_funcdef(s, f); return;
    case SK::ClassDef: exec_classdef(s, f); return;
    case SK::Raise: exec_raise(s, f); return;
    case SK::Global: case SK::Nonlocal: return;
    case SK::Import: case SK::ImportFrom: exec_import(s, f); return;
    case SK::Assert: {
      auto* a = static_cast<const AssertStmt*>(s);
      if (!truthy(eval(a->test, f))) {
        Ref<ExceptionObj> e;
        if (a->msg) e = new_exception(exc_classes_["AssertionError"], std::vector<Value>{eval(a->msg, f)});
        else e = new_exception(exc_classes_["AssertionError"], std::vector<Value>{});
        const Expr* position = assert_position(a->test);
        f.current = position ? static_cast<const Node*>(position) : s;
        throw PyException(e);
      }
      return;
    }
    case SK::Delete:
      for (const Expr* t : static_cast<const DeleteStmt*>(s)->targets) del_target(t, f);
      return;
    default: raise("SystemError", "unknown statement");
  }
}

void Interpreter::exec_raise(const Stmt* s, Frame& f) {
  auto* r = static_cast<const RaiseStmt*>(s);
  if (!r->exc) {
    if (handled_.empty()) raise("RuntimeError", "No active exception to reraise");
    Ref<ExceptionObj> e = handled_.back().as<ExceptionObj>();
    e->tb_pending = false;
    if (e->foreign) std::rethrow_exception(e->foreign);
    throw PyException(e);
  }
  Value v = eval(r->exc, f);
  Value cause;
  bool has_cause = r->cause != nullptr;
  if (has_cause) cause = eval(r->cause, f);
  f.current = s;
  Ref<ExceptionObj> e;
  if (v.is(Kind::Class) && v.as<ClassObj>()->is_exception) {
    Value inst = call(v, nullptr, 0);
    if (!inst.is(Kind::Exception))
      raise("TypeError", "calling " + repr(v) + " should have returned an instance of BaseException, not " +
                             type_name(inst));
    e = inst.as<ExceptionObj>();
  } else if (v.is(Kind::Exception)) {
    e = v.as<ExceptionObj>();
  } else {
    raise("TypeError", "exceptions must derive from BaseException");
  }
  if (has_cause) {
    if (cause.is(Kind::Class) && cause.as<ClassObj>()->is_exception) cause = call(cause, nullptr, 0);
    if (!cause.is_none() && !cause.is(Kind::Exception))
      raise("TypeError", "exception causes must derive from BaseException");
    e->cause = cause;
    e->suppress_context = true;
  }
  e->tb_pending = true;
  set_context(e.get());
  throw PyException(e);
}

void Interpreter::set_context(ExceptionObj* e) {
  if (handled_.empty()) return;
  const Value& top = handled_.back();
  if (top.obj() == e || !e->context.is_none()) return;
  // avoid cycles: if e is somewhere in top's context chain, cut it there
  Object* cur = top.obj();
  while (cur) {
    auto* ce = static_cast<ExceptionObj*>(cur);
    if (!ce->context.is(Kind::Exception)) break;
    if (ce->context.obj() == e) {
      ce->context = Value();
      break;
    }
    cur = ce->context.obj();
  }
  e->context = top;
}

void Interpreter::add_traceback(ExceptionObj* e, Frame& f) {
  if (!e->tb_pending) return;
  e->tb_pending = false;
  if (f.code && f.code->hidden_from_tracebacks) return;  // see hide_c_implemented
  TracebackEntry t;
  t.filename = f.code ? f.code->filename : opts_.filename;
  t.func = f.code ? (f.code->type == Code::Module ? "<module>" : f.code->name->s) : "?";
  const Node* n = f.current;
  t.line = n ? n->line : 0;
  t.col = n ? n->col : -1;
  t.end_line = n ? n->end_line : 0;
  t.end_col = n ? n->end_col : -1;
  t.anchor_kind = 0;
  t.anchor_a = t.anchor_b = -1;
  if (n) {
    if (auto* ex = dynamic_cast<const Expr*>(n)) {
      if (ex->kind == EK::BinOp) {
        auto* b = static_cast<const BinOpExpr*>(ex);
        if (b->left->end_line == b->line && b->right->line == b->line) {
          t.anchor_kind = 1;
          t.anchor_a = b->left->end_col;
          t.anchor_b = b->right->col;
        }
      } else if (ex->kind == EK::Subscript) {
        auto* s = static_cast<const SubscriptExpr*>(ex);
        t.anchor_kind = 2;
        t.anchor_a = s->value->end_col;
        t.anchor_b = s->index->end_col;
      }
    }
  }
  e->traceback.push_back(std::move(t));
}

[[noreturn]] void Interpreter::raise_at(const Node* n, Frame& f, ClassObj* cls, std::string msg) {
  f.current = n;
  raise(cls, std::move(msg));
}

}  // namespace loopscope::script
