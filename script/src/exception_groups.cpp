// Exception groups: BaseExceptionGroup's split/subgroup/derive, and `except*` (PEP 654), with
// CPython 3.11's semantics: each handler takes the part of the group that matches its types and
// runs once; what handlers raise, and what no handler matched, is raised again together.
#include <unordered_set>

#include "runtime.hpp"

namespace loopscope::script {

bool is_exception_group(Interpreter& in, const Value& v) {
  return v.is(Kind::Exception) && v.as<ExceptionObj>()->cls->is_subclass_of(in.exception_class("BaseExceptionGroup"));
}

const std::vector<Value>& group_exceptions(const Value& group) {
  Value* v = group.as<ExceptionObj>()->dict->find_str("exceptions");
  return v->as<Tuple>()->items;
}

ClassObj* group_class_for(Interpreter& in, const std::vector<Value>& excs) {
  ClassObj* exception = in.exception_class("Exception");
  for (const Value& x : excs)
    if (x.is(Kind::Exception) && !x.as<ExceptionObj>()->cls->is_subclass_of(exception))
      return in.exception_class("BaseExceptionGroup");
  return in.exception_class("ExceptionGroup");
}

void init_group(Interpreter& in, ExceptionObj* e, const Value& message, const std::vector<Value>& excs, Value shown) {
  e->args = in.new_tuple({message, std::move(shown)});
  if (!e->dict) e->dict = new Dict();
  e->dict->set_str(in, "message", message);
  e->dict->set_str(in, "exceptions", in.new_tuple(excs));
}

namespace {
// The leaves of a group (or the exception itself), by identity.
void collect_leaves(Interpreter& in, const Value& e, std::unordered_set<const Object*>& out) {
  if (!is_exception_group(in, e)) {
    out.insert(e.obj());
    return;
  }
  for (const Value& x : group_exceptions(e)) collect_leaves(in, x, out);
}

// split()'s condition: an exception type, a tuple of them, or a predicate.
struct Condition {
  Interpreter& in;
  Value cond;
  const std::unordered_set<const Object*>* leaves = nullptr;  // instead: these leaves (projection)
  bool operator()(const Value& e) const {
    if (leaves) return leaves->count(e.obj()) != 0;
    if (cond.is(Kind::Class) || cond.is(Kind::Tuple)) return in.exception_matches_type(e, cond);
    return in.truthy(in.call(cond, {e}));
  }
};

// `orig.derive(excs)` with orig's traceback, cause, context (and notes) copied, as CPython does.
Value derive_subset(Interpreter& in, const Value& orig, std::vector<Value> excs) {
  if (excs.empty()) return Value();
  Value eg = in.call_method(orig, "derive", {in.new_list(std::move(excs))});
  if (!is_exception_group(in, eg)) in.raise("TypeError", "derive must return an instance of BaseExceptionGroup");
  auto* from = orig.as<ExceptionObj>();
  auto* to = eg.as<ExceptionObj>();
  to->traceback = from->traceback;
  to->tb_pending = from->tb_pending;
  to->cause = from->cause;
  to->context = from->context;
  to->suppress_context = from->suppress_context;
  if (Value* notes = from->dict ? from->dict->find_str("__notes__") : nullptr) to->dict->set_str(in, "__notes__", *notes);
  return eg;
}

// (match, rest) of one exception against `c`; rest only when `with_rest`.
std::pair<Value, Value> split(Interpreter& in, const Value& e, const Condition& c, bool with_rest) {
  if (c(e)) return {e, Value()};
  if (!is_exception_group(in, e)) return {Value(), with_rest ? e : Value()};
  std::vector<Value> match, rest;
  for (const Value& x : group_exceptions(e)) {
    auto [m, r] = split(in, x, c, with_rest);
    if (!m.is_none()) match.push_back(m);
    if (!r.is_none()) rest.push_back(r);
  }
  Value m = derive_subset(in, e, std::move(match));
  return {m, with_rest ? derive_subset(in, e, std::move(rest)) : Value()};
}

Value new_group(Interpreter& in, std::vector<Value> excs) {
  ClassObj* cls = group_class_for(in, excs);
  return in.call(Value(cls), {in.new_str(""), in.new_list(std::move(excs))});
}

// CPython's _PyExc_PrepReraiseStar: what leaves a try/except* statement, given the exception
// that entered it and, in order, what its handlers raised and what no handler matched.
Value reraise_star(Interpreter& in, const Value& orig, const std::vector<Value>& excs) {
  if (excs.empty()) return Value();
  // A naked exception: at most one handler ran, so there is one thing to raise.
  if (!is_exception_group(in, orig)) return excs[0];
  std::unordered_set<const Object*> orig_leaves, kept;
  collect_leaves(in, orig, orig_leaves);
  std::vector<Value> raised;
  for (const Value& e : excs) {
    std::unordered_set<const Object*> leaves;
    collect_leaves(in, e, leaves);
    bool part_of_orig = true;  // `raise` of a matched part, or the unmatched rest
    for (const Object* l : leaves) part_of_orig = part_of_orig && orig_leaves.count(l);
    if (part_of_orig) kept.insert(leaves.begin(), leaves.end());
    else raised.push_back(e);
  }
  // The re-raised parts keep the original group's shape.
  Value reraised = kept.empty() ? Value() : split(in, orig, Condition{in, Value(), &kept}, false).first;
  if (raised.empty()) return reraised;
  if (!reraised.is_none()) raised.push_back(reraised);
  return raised.size() == 1 ? raised[0] : new_group(in, std::move(raised));
}
}  // namespace

void install_exception_group_methods(Interpreter& in) {
  ClassObj* beg = in.exception_class("BaseExceptionGroup");
  in.add_method(*beg, "derive", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 2) in.raise("TypeError", "derive() takes exactly one argument (" + std::to_string(a.size() - 1) + " given)");
    Value* msg = a[0].as<ExceptionObj>()->dict->find_str("message");
    ClassObj* cls = group_class_for(in, in.to_vector(a[1]));
    return in.call(Value(cls), {msg ? *msg : in.new_str(""), a[1]});
  });
  auto split_method = [](bool with_rest) {
    return [with_rest](Interpreter& in, const Args& a) -> Value {
      if (a.size() != 2) in.raise("TypeError", "expected exactly one argument");
      const Value& cond = a[1];
      auto exception_type = [](const Value& v) { return v.is(Kind::Class) && v.as<ClassObj>()->is_exception; };
      bool ok = exception_type(cond) || cond.is(Kind::Function) || cond.is(Kind::NativeFunction) || cond.is(Kind::BoundMethod);
      if (cond.is(Kind::Tuple)) {
        ok = true;
        for (const Value& x : cond.as<Tuple>()->items) ok = ok && exception_type(x);
      }
      if (!ok) in.raise("TypeError", "expected a function, exception type or tuple of exception types");
      auto [m, r] = split(in, a[0], Condition{in, cond}, with_rest);
      if (!with_rest) return m;
      return in.new_tuple({m, r});
    };
  };
  in.add_method(*beg, "split", split_method(true));
  in.add_method(*beg, "subgroup", split_method(false));
}

Ref<ExceptionObj> except_star(Interpreter& in, const TryStmt* t, const Ref<ExceptionObj>& exc, Frame& f) {
  Value orig(exc.get());
  Value rest = orig;
  std::vector<Value> excs;  // what the handlers raised, in order; then the unmatched rest
  for (const ExceptHandler& h : t->handlers) {
    Value type = in.eval(h.type, f);
    f.current = h.type;
    auto is_group_type = [&](const Value& ty) {
      return ty.is(Kind::Class) && ty.as<ClassObj>()->is_subclass_of(in.exception_class("BaseExceptionGroup"));
    };
    bool group_type = is_group_type(type);
    if (type.is(Kind::Tuple))
      for (const Value& ty : type.as<Tuple>()->items) group_type = group_type || is_group_type(ty);
    if (group_type) in.raise("TypeError", "catching ExceptionGroup with except* is not allowed. Use except instead.");
    if (rest.is_none()) continue;
    Value match;
    if (!is_exception_group(in, rest)) {
      // A naked exception that matches is handled as a group of one.
      if (!in.exception_matches_type(rest, type)) continue;
      std::vector<Value> one{rest};
      Ref<ExceptionObj> wrapper(new ExceptionObj(group_class_for(in, one)));
      init_group(in, wrapper.get(), in.new_str(""), one, in.new_tuple(one));  // shown as a tuple, as CPython's
      wrapper->traceback = rest.as<ExceptionObj>()->traceback;
      wrapper->tb_pending = false;
      match = Value(wrapper.get());
      rest = Value();
    } else {
      Value parts = in.call_method(rest, "split", {type});
      match = parts.as<Tuple>()->items[0];
      rest = parts.as<Tuple>()->items[1];
      if (match.is_none()) continue;
    }
    HandledGuard guard(in.handled_, match);
    if (h.target) in.assign(h.target, match, f);
    Interpreter::StackMark mark = in.stack_mark();
    try {
      in.exec_block(h.body, f);  // break/continue/return cannot appear here (resolver)
    } catch (const YieldSignal&) {
      guard.release();
      in.raise("RuntimeError", "'yield' inside an except* handler is not supported");
    } catch (...) {
      in.stack_release(mark);  // as in exec_try
      Ref<ExceptionObj> e2 = in.catch_current(f);
      if (!e2) throw;
      in.add_traceback(e2.get(), f);
      in.set_context(e2.get());
      excs.push_back(Value(e2.get()));
    }
    guard.release();
    if (h.target) unbind_handler_name(in, h.target, f);
  }
  if (!rest.is_none()) excs.push_back(rest);
  Value out = reraise_star(in, orig, excs);
  if (out.is_none()) return {};
  return Ref<ExceptionObj>(out.as<ExceptionObj>());
}

}  // namespace loopscope::script
