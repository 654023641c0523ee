// The object protocol: types, truth, repr/str, equality, ordering, hashing,
// attributes, items, iteration and operators.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "runtime.hpp"

namespace loopscope::script {

namespace {
std::string addr(const void* p) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%012llx", (unsigned long long)(uintptr_t)p);
  return b;
}

// Iterates a List or a Tuple by index (a list may grow while it is iterated, as in CPython).
template <class Seq>
class IndexIter final : public IterObj {
 public:
  IndexIter(const char* name, Value seq) : IterObj(name), seq(std::move(seq)) {}
  bool next(Interpreter&, Value& out) override {
    auto& items = seq.as<Seq>()->items;
    if (i >= items.size()) return false;
    out = items[i++];
    return true;
  }
  Value seq;
  size_t i = 0;
};

class StrIter final : public IterObj {
 public:
  explicit StrIter(Value s) : IterObj("str_ascii_iterator"), str(std::move(s)) {}
  bool next(Interpreter& in, Value& out) override {
    const std::string& s = str.as<Str>()->s;
    if (pos >= s.size()) return false;
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(s[pos]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    out = in.new_str(s.substr(pos, len));
    pos += len;
    return true;
  }
  Value str;
  size_t pos = 0;
};

class DictIter final : public IterObj {
 public:
  DictIter(Value d, int m) : IterObj(m == 0 ? "dict_keyiterator" : m == 1 ? "dict_valueiterator" : "dict_itemiterator"),
                             dict(std::move(d)), mode(m), size0(dict.as<Dict>()->size()) {}
  bool next(Interpreter& in, Value& out) override {
    Dict* d = dict.as<Dict>();
    if (d->size() != size0) {
      size0 = SIZE_MAX - 1;
      in.raise("RuntimeError", "dictionary changed size during iteration");
    }
    while (i < d->entries.size() && !d->entries[i].live) ++i;
    if (i >= d->entries.size()) return false;
    auto& e = d->entries[i++];
    if (mode == 0) out = e.key;
    else if (mode == 1) out = e.value;
    else out = in.new_tuple({e.key, e.value});
    return true;
  }
  Value dict;
  int mode;
  size_t size0;
  size_t i = 0;
};

class SetIter final : public IterObj {
 public:
  explicit SetIter(Value s) : IterObj("set_iterator"), set(std::move(s)), size0(set.as<Set>()->size()) {}
  bool next(Interpreter& in, Value& out) override {
    Set* s = set.as<Set>();
    if (s->size() != size0) in.raise("RuntimeError", "Set changed size during iteration");
    while (i < s->table.size() && s->table[i].state != 1) ++i;
    if (i >= s->table.size()) return false;
    out = s->table[i++].key;
    return true;
  }
  Value set;
  size_t size0;
  size_t i = 0;
};

class SeqIter final : public IterObj {
 public:
  explicit SeqIter(Value o) : IterObj("iterator"), obj(std::move(o)) {}
  bool next(Interpreter& in, Value& out) override {
    if (done) return false;
    try {
      out = in.getitem(obj, Value::integer(i++));
      return true;
    } catch (PyException& e) {
      if (e.exc->cls->is_subclass_of(in.exception_class("IndexError")) ||
          e.exc->cls->is_subclass_of(in.exception_class("StopIteration"))) {
        done = true;
        return false;
      }
      throw;
    }
  }
  Value obj;
  int64_t i = 0;
  bool done = false;
};

// Guards against infinite recursion when printing self-referencing containers.
struct ReprGuard {
  static std::set<const Object*>& active() {
    static std::set<const Object*> s;
    return s;
  }
  const Object* o;
  bool entered;
  explicit ReprGuard(const Object* p) : o(p), entered(active().insert(p).second) {}
  ~ReprGuard() {
    if (entered) active().erase(o);
  }
};
}  // namespace

class DictView final : public Object {
 public:
  DictView(Value d, int m) : Object(Kind::DictView), dict(std::move(d)), mode(m) {}
  Value dict;
  int mode;  // 0 keys, 1 values, 2 items
};

Value make_dict_view(const Value& d, int mode) { return Value(new DictView(d, mode)); }
Value make_list_iter(const Value& l) { return Value(new IndexIter<List>("list_iterator", l)); }

// ------------------------------------------------------------------ types
ClassObj* Interpreter::type_of(const Value& v) const {
  switch (v.tag()) {
    case Tag::None: return types.none;
    case Tag::Bool: return types.bool_;
    case Tag::Int: return types.int_;
    case Tag::Float: return types.float_;
    case Tag::Undef: return types.none;
    case Tag::Obj: break;
  }
  switch (v.obj()->kind) {
    case Kind::Str: return types.str;
    case Kind::List: return types.list;
    case Kind::Tuple: return types.tuple;
    case Kind::Dict: return types.dict;
    case Kind::Set: return types.set;
    case Kind::FrozenSet: return types.frozenset;
    case Kind::Range: return types.range;
    case Kind::Slice: return types.slice;
    case Kind::BigInt: return types.int_;
    case Kind::Function: return types.function;
    case Kind::NativeFunction: return types.builtin_function;
    case Kind::BoundMethod: return types.method;
    case Kind::Class: return types.type;
    case Kind::Instance: case Kind::Exception: return v.as<Instance>()->cls.get();
    case Kind::Module: return types.module;
    case Kind::Cell: return types.cell;
    case Kind::Generator: {
      auto fl = v.as<GeneratorObj>()->flavor;
      return fl == GeneratorObj::Gen ? types.generator : fl == GeneratorObj::Coro ? types.coroutine : types.async_generator;
    }
    case Kind::Iterator: return types.object;
    case Kind::DictView: {
      int m = static_cast<DictView*>(v.obj())->mode;
      return m == 0 ? types.dict_keys : m == 1 ? types.dict_values : types.dict_items;
    }
    case Kind::Property: return types.property;
    case Kind::StaticMethod: return types.staticmethod;
    case Kind::ClassMethod: return types.classmethod;
    case Kind::Super: return types.super;
    case Kind::NotImplementedType: return types.notimplemented;
    case Kind::Ellipsis: return types.ellipsis;
    case Kind::Native: return v.as<NativeObject>()->cls.get();
  }
  return types.object;
}

std::string Interpreter::type_name(const Value& v) const {
  if (v.is(Kind::Iterator)) return v.as<IterObj>()->type_name;
  return type_of(v)->name->s;
}

bool Interpreter::isinstance(const Value& v, const ClassObj* cls) const {
  if (cls == types.int_ && v.is_bool()) return true;
  return type_of(v)->is_subclass_of(cls);
}

bool Interpreter::truthy_object(const Value& v) {
  switch (v.obj()->kind) {
    case Kind::Str: return !v.as<Str>()->s.empty();
    case Kind::List: return !v.as<List>()->items.empty();
    case Kind::Tuple: return !v.as<Tuple>()->items.empty();
    case Kind::Dict: return v.as<Dict>()->size() != 0;
    case Kind::Set: case Kind::FrozenSet: return v.as<Set>()->size() != 0;
    case Kind::Range: return v.as<Range>()->length() != 0;
    case Kind::BigInt: return true;
    case Kind::DictView: return static_cast<DictView*>(v.obj())->dict.as<Dict>()->size() != 0;
    case Kind::Instance: case Kind::Exception: case Kind::Native: {
      Value m;
      if (has_special(v, names->bool_.get(), m)) {
        Value r = call(m, &v, 1);
        if (!r.is_bool())
          raise("TypeError", "__bool__ should return bool, returned " + type_name(r));
        return r.as_bool();
      }
      if (has_special(v, names->len.get(), m)) return len(v) != 0;
      return true;
    }
    default: return true;
  }
}

// ------------------------------------------------------------ repr / str
std::string Interpreter::repr(const Value& v) {
  switch (v.tag()) {
    case Tag::None: case Tag::Undef: return "None";
    case Tag::Bool: return v.as_bool() ? "True" : "False";
    case Tag::Int: return std::to_string(v.as_int());
    case Tag::Float: return float_repr(v.as_float());
    case Tag::Obj: break;
  }
  Object* o = v.obj();
  switch (o->kind) {
    case Kind::Str: return str_repr(v.as<Str>()->s);
    case Kind::BigInt: return int_to_string(v);
    case Kind::List: case Kind::Tuple: {
      ReprGuard g(o);
      bool is_list = o->kind == Kind::List;
      if (!g.entered) return is_list ? "[...]" : "(...)";
      auto& items = is_list ? v.as<List>()->items : v.as<Tuple>()->items;
      std::string s = is_list ? "[" : "(";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) s += ", ";
        s += repr(items[i]);
      }
      if (!is_list && items.size() == 1) s += ",";
      s += is_list ? "]" : ")";
      return s;
    }
    case Kind::Dict: {
      ReprGuard g(o);
      if (!g.entered) return "{...}";
      std::string s = "{";
      bool first = true;
      for (auto& e : v.as<Dict>()->entries) {
        if (!e.live) continue;
        if (!first) s += ", ";
        first = false;
        s += repr(e.key) + ": " + repr(e.value);
      }
      return s + "}";
    }
    case Kind::Set: case Kind::FrozenSet: {
      bool frozen = o->kind == Kind::FrozenSet;
      Set* st = v.as<Set>();
      if (st->size() == 0) return frozen ? "frozenset()" : "set()";
      ReprGuard g(o);
      if (!g.entered) return "{...}";
      std::string s = frozen ? "frozenset({" : "{";
      bool first = true;
      st->for_each([&](const Value& k) {
        if (!first) s += ", ";
        first = false;
        s += repr(k);
      });
      return s + (frozen ? "})" : "}");
    }
    case Kind::Range: {
      auto* r = v.as<Range>();
      std::string s = "range(" + std::to_string(r->start) + ", " + std::to_string(r->stop);
      if (r->step != 1) s += ", " + std::to_string(r->step);
      return s + ")";
    }
    case Kind::Slice: {
      auto* s = v.as<Slice>();
      return "slice(" + repr(s->start) + ", " + repr(s->stop) + ", " + repr(s->step) + ")";
    }
    case Kind::Function: return "<function " + v.as<Function>()->qualname + " at " + addr(o) + ">";
    case Kind::NativeFunction: {
      auto* nf = v.as<NativeFunction>();
      if (!nf->self.is_none())
        return "<built-in method " + nf->name + " of " + type_name(nf->self) + " object at " + addr(nf->self.obj()) + ">";
      return "<built-in function " + nf->name + ">";
    }
    case Kind::BoundMethod: {
      auto* bm = v.as<BoundMethod>();
      std::string fname = bm->func.is(Kind::Function) ? bm->func.as<Function>()->qualname
                          : bm->func.is(Kind::NativeFunction) ? bm->func.as<NativeFunction>()->name : "?";
      if (bm->func.is(Kind::NativeFunction))
        return "<built-in method " + fname + " of " + type_name(bm->self) + " object at " + addr(bm->self.obj()) + ">";
      return "<bound method " + fname + " of " + repr(bm->self) + ">";
    }
    case Kind::Class: {
      auto* c = v.as<ClassObj>();
      if (c->module == "builtins") return "<class '" + c->qualname + "'>";
      return "<class '" + c->module + "." + c->qualname + "'>";
    }
    case Kind::Module: return "<module '" + v.as<Module>()->name->s + "' (built-in)>";
    case Kind::Generator: {
      auto* g = v.as<GeneratorObj>();
      const char* what = g->flavor == GeneratorObj::Gen ? "generator" : g->flavor == GeneratorObj::Coro ? "coroutine" : "async_generator";
      return std::string("<") + what + " object " + g->func->qualname + " at " + addr(o) + ">";
    }
    case Kind::NotImplementedType: return "NotImplemented";
    case Kind::Ellipsis: return "Ellipsis";
    case Kind::Cell: return "<cell at " + addr(o) + ">";
    case Kind::DictView: {
      auto* dv = static_cast<DictView*>(o);
      const char* n = dv->mode == 0 ? "dict_keys" : dv->mode == 1 ? "dict_values" : "dict_items";
      Value lst = new_list(to_vector(v));
      return std::string(n) + "(" + repr(lst) + ")";
    }
    case Kind::Iterator: return "<" + std::string(v.as<IterObj>()->type_name) + " object at " + addr(o) + ">";
    case Kind::Super: return "<super: <class '" + v.as<Super>()->type->name->s + "'>, <" + type_name(v.as<Super>()->self) + " object>>";
    case Kind::Property: return "<property object at " + addr(o) + ">";
    case Kind::StaticMethod: return "<staticmethod(" + repr(v.as<StaticMethod>()->func) + ")>";
    case Kind::ClassMethod: return "<classmethod(" + repr(v.as<ClassMethod>()->func) + ")>";
    case Kind::Instance: case Kind::Exception: case Kind::Native: {
      Value m;
      ClassObj* t = type_of(v);
      Value* r = class_lookup(t, names->repr.get());
      if (r && !r->is(Kind::NativeFunction)) {
        Value res = call(*r, &v, 1);
        if (!res.is(Kind::Str)) raise("TypeError", "__repr__ returned non-string (type " + type_name(res) + ")");
        return res.as<Str>()->s;
      }
      if (o->kind == Kind::Exception) {
        auto* e = v.as<ExceptionObj>();
        std::string s = t->name->s + "(";
        auto& items = e->args.as<Tuple>()->items;
        for (size_t i = 0; i < items.size(); ++i) {
          if (i) s += ", ";
          s += repr(items[i]);
        }
        return s + ")";
      }
      if (r && r->is(Kind::NativeFunction) && t->module != "builtins" && o->kind == Kind::Native) {
        Value res = call(*r, &v, 1);
        if (res.is(Kind::Str)) return res.as<Str>()->s;
      }
      std::string mod = t->module == "builtins" ? "" : t->module + ".";
      return "<" + mod + t->qualname + " object at " + addr(o) + ">";
    }
  }
  return "<object>";
}

std::string Interpreter::str(const Value& v) {
  if (v.is(Kind::Str)) return v.as<Str>()->s;
  if (v.is(Kind::Instance) || v.is(Kind::Exception) || v.is(Kind::Native)) {
    ClassObj* t = type_of(v);
    Value* s = class_lookup(t, names->str.get());
    if (s && !s->is(Kind::NativeFunction)) {
      Value res = call(*s, &v, 1);
      if (!res.is(Kind::Str)) raise("TypeError", "__str__ returned non-string (type " + type_name(res) + ")");
      return res.as<Str>()->s;
    }
    if (v.is(Kind::Exception) && s && s->is(Kind::NativeFunction) &&
        t->is_subclass_of(exc_classes_["BaseExceptionGroup"])) {
      Value res = call(*s, &v, 1);
      return res.as<Str>()->s;
    }
    if (v.is(Kind::Exception)) {
      auto* e = v.as<ExceptionObj>();
      auto& items = e->args.as<Tuple>()->items;
      if (items.empty()) return "";
      if (items.size() == 1) {
        if (e->cls->is_subclass_of(exc_classes_["KeyError"])) return repr(items[0]);
        return str(items[0]);
      }
      return repr(e->args);
    }
    if (s && s->is(Kind::NativeFunction) && t->module != "builtins") {
      Value res = call(*s, &v, 1);
      if (res.is(Kind::Str)) return res.as<Str>()->s;
    }
  }
  return repr(v);
}

// ------------------------------------------------------- numbers helpers
namespace {
inline bool is_intlike(const Value& v) { return v.is_int() || v.is_bool() || v.is(Kind::BigInt); }
inline bool is_number(const Value& v) { return is_intlike(v) || v.is_float(); }
}  // namespace

double Interpreter::to_double_slow(const Value& v) {
  if (v.is(Kind::BigInt)) {
    double d = int_to_double(v);
    if (std::isinf(d)) raise("OverflowError", "int too large to convert to float");
    return d;
  }
  raise("TypeError", "must be real number, not " + type_name(v));
}

int64_t Interpreter::to_index(const Value& v, const char* what) {
  if (v.is_int() || v.is_bool()) return v.as_int();
  if (v.is(Kind::BigInt)) raise("IndexError", "cannot fit 'int' into an index-sized integer");
  Value m;
  if (v.is(Kind::Instance) && has_special(v, names->index.get(), m)) return to_index(call(m, &v, 1), what);
  if (what) raise("TypeError", std::string(what));
  raise("TypeError", "'" + type_name(v) + "' object cannot be interpreted as an integer");
}

// --------------------------------------------------------------- equality
bool Interpreter::eq(const Value& a, const Value& b) {
  if (a.tag() != Tag::Obj && b.tag() != Tag::Obj) {
    if (a.is_float() || b.is_float()) {
      if (a.is_none() || b.is_none()) return false;
      return to_double(a) == to_double(b);
    }
    if (a.is_none() || b.is_none()) return a.is_none() && b.is_none();
    return a.as_int() == b.as_int();
  }
  if (a.is_obj() && b.is_obj() && a.obj() == b.obj() && !a.is(Kind::Instance)) return true;
  if (is_number(a) && is_number(b)) {
    if (a.is_float() || b.is_float()) return to_double(a) == to_double(b);
    return big_compare(a, b) == 0;
  }
  Kind ka = a.is_obj() ? a.obj()->kind : Kind::Native;
  Kind kb = b.is_obj() ? b.obj()->kind : Kind::Native;
  if (a.is_obj() && b.is_obj() && ka == kb) {
    switch (ka) {
      case Kind::Str: return a.as<Str>()->s == b.as<Str>()->s;
      case Kind::List: case Kind::Tuple: {
        auto& x = ka == Kind::List ? a.as<List>()->items : a.as<Tuple>()->items;
        auto& y = ka == Kind::List ? b.as<List>()->items : b.as<Tuple>()->items;
        if (x.size() != y.size()) return false;
        for (size_t i = 0; i < x.size(); ++i)
          if (!x[i].identical(y[i]) && !eq(x[i], y[i])) return false;
        return true;
      }
      case Kind::Dict: {
        Dict* x = a.as<Dict>();
        Dict* y = b.as<Dict>();
        if (x->size() != y->size()) return false;
        for (auto& e : x->entries) {
          if (!e.live) continue;
          Value* o = y->find(*this, e.key, e.hash);
          if (!o || !eq(e.value, *o)) return false;
        }
        return true;
      }
      case Kind::Range: {
        auto* x = a.as<Range>();
        auto* y = b.as<Range>();
        if (x->length() != y->length()) return false;
        if (x->length() == 0) return true;
        return x->start == y->start && (x->length() == 1 || x->step == y->step);
      }
      default: break;
    }
  }
  if ((ka == Kind::Set || ka == Kind::FrozenSet) && (kb == Kind::Set || kb == Kind::FrozenSet)) {
    Set* x = a.as<Set>();
    Set* y = b.as<Set>();
    if (x->size() != y->size()) return false;
    bool all = true;
    x->for_each([&](const Value& k) {
      if (all && !y->contains(*this, k)) all = false;
    });
    return all;
  }
  if (ka == Kind::DictView && kb == Kind::DictView) return eq(new_list(to_vector(a)), new_list(to_vector(b)));
  // user-defined __eq__
  Value m;
  if ((ka == Kind::Instance || ka == Kind::Exception || ka == Kind::Native) && a.is_obj() &&
      has_special(a, names->eq.get(), m) && !m.is(Kind::NativeFunction)) {
    Value args[2] = {a, b};
    Value r = call(m, args, 2);
    if (!r.identical(not_implemented)) return truthy(r);
  }
  if ((kb == Kind::Instance || kb == Kind::Exception || kb == Kind::Native) && b.is_obj() &&
      has_special(b, names->eq.get(), m) && !m.is(Kind::NativeFunction)) {
    Value args[2] = {b, a};
    Value r = call(m, args, 2);
    if (!r.identical(not_implemented)) return truthy(r);
  }
  return a.identical(b);
}

// --------------------------------------------------------------- ordering
namespace {
const char* cmp_symbol(CmpKind op) {
  switch (op) {
    case CmpKind::Lt: return "<";
    case CmpKind::Le: return "<=";
    case CmpKind::Gt: return ">";
    case CmpKind::Ge: return ">=";
    case CmpKind::Eq: return "==";
    case CmpKind::Ne: return "!=";
    default: return "?";
  }
}
bool cmp_result(CmpKind op, int c) {
  switch (op) {
    case CmpKind::Lt: return c < 0;
    case CmpKind::Le: return c <= 0;
    case CmpKind::Gt: return c > 0;
    case CmpKind::Ge: return c >= 0;
    case CmpKind::Eq: return c == 0;
    case CmpKind::Ne: return c != 0;
    default: return false;
  }
}
CmpKind reflect(CmpKind op) {
  switch (op) {
    case CmpKind::Lt: return CmpKind::Gt;
    case CmpKind::Le: return CmpKind::Ge;
    case CmpKind::Gt: return CmpKind::Lt;
    case CmpKind::Ge: return CmpKind::Le;
    default: return op;
  }
}
}  // namespace

// Rich comparison; `op` is one of Lt/Le/Gt/Ge.
static Value rich_order(Interpreter& in, CmpKind op, const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) {
    if (a.is_float() || b.is_float()) {
      double x = in.to_double(a), y = in.to_double(b);
      switch (op) {
        case CmpKind::Lt: return Value::boolean(x < y);
        case CmpKind::Le: return Value::boolean(x <= y);
        case CmpKind::Gt: return Value::boolean(x > y);
        default: return Value::boolean(x >= y);
      }
    }
    return Value::boolean(cmp_result(op, big_compare(a, b)));
  }
  if (a.is(Kind::Str) && b.is(Kind::Str)) return Value::boolean(cmp_result(op, a.as<Str>()->s.compare(b.as<Str>()->s)));
  if ((a.is(Kind::List) && b.is(Kind::List)) || (a.is(Kind::Tuple) && b.is(Kind::Tuple))) {
    auto& x = a.is(Kind::List) ? a.as<List>()->items : a.as<Tuple>()->items;
    auto& y = b.is(Kind::List) ? b.as<List>()->items : b.as<Tuple>()->items;
    size_t n = std::min(x.size(), y.size());
    for (size_t i = 0; i < n; ++i) {
      if (x[i].identical(y[i]) || in.eq(x[i], y[i])) continue;
      return in.compare(op, x[i], y[i]);
    }
    int c = x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    return Value::boolean(cmp_result(op, c));
  }
  if ((a.is(Kind::Set) || a.is(Kind::FrozenSet)) && (b.is(Kind::Set) || b.is(Kind::FrozenSet))) {
    Set* x = a.as<Set>();
    Set* y = b.as<Set>();
    auto subset = [&](Set* p, Set* q) {
      bool all = true;
      p->for_each([&](const Value& k) {
        if (all && !q->contains(in, k)) all = false;
      });
      return all;
    };
    switch (op) {
      case CmpKind::Le: return Value::boolean(subset(x, y));
      case CmpKind::Lt: return Value::boolean(x->size() < y->size() && subset(x, y));
      case CmpKind::Ge: return Value::boolean(subset(y, x));
      default: return Value::boolean(x->size() > y->size() && subset(y, x));
    }
  }
  static Str* dunders[4] = {nullptr, nullptr, nullptr, nullptr};
  (void)dunders;
  auto name_for = [&](CmpKind k) -> Str* {
    switch (k) {
      case CmpKind::Lt: return in.names->lt.get();
      case CmpKind::Le: return in.names->le.get();
      case CmpKind::Gt: return in.names->gt.get();
      default: return in.names->ge.get();
    }
  };
  Value m;
  if (in.has_special(a, name_for(op), m) && !m.is(Kind::NativeFunction)) {
    Value args[2] = {a, b};
    Value r = in.call(m, args, 2);
    if (!r.identical(in.not_implemented)) return r;
  }
  if (in.has_special(b, name_for(reflect(op)), m) && !m.is(Kind::NativeFunction)) {
    Value args[2] = {b, a};
    Value r = in.call(m, args, 2);
    if (!r.identical(in.not_implemented)) return r;
  }
  in.raise("TypeError", std::string("'") + cmp_symbol(op) + "' not supported between instances of '" +
                            in.type_name(a) + "' and '" + in.type_name(b) + "'");
}

Value Interpreter::compare(CmpKind op, const Value& a, const Value& b) {
  switch (op) {
    case CmpKind::Eq: case CmpKind::Ne: {
      // user __eq__/__ne__ may return non-bools
      if (a.is(Kind::Instance) || b.is(Kind::Instance)) {
        Str* n = op == CmpKind::Eq ? names->eq.get() : names->ne.get();
        Value m;
        if (has_special(a, n, m) && !m.is(Kind::NativeFunction)) {
          Value args[2] = {a, b};
          Value r = call(m, args, 2);
          if (!r.identical(not_implemented)) return r;
        }
        if (has_special(b, n, m) && !m.is(Kind::NativeFunction)) {
          Value args[2] = {b, a};
          Value r = call(m, args, 2);
          if (!r.identical(not_implemented)) return r;
        }
        if (op == CmpKind::Ne && has_special(a, names->eq.get(), m) && !m.is(Kind::NativeFunction)) {
          Value args[2] = {a, b};
          Value r = call(m, args, 2);
          if (!r.identical(not_implemented)) return Value::boolean(!truthy(r));
        }
        bool same = a.identical(b);
        return Value::boolean(op == CmpKind::Eq ? same : !same);
      }
      bool r = eq(a, b);
      return Value::boolean(op == CmpKind::Eq ? r : !r);
    }
    case CmpKind::In: return Value::boolean(contains(b, a));
    case CmpKind::NotIn: return Value::boolean(!contains(b, a));
    case CmpKind::Is: return Value::boolean(a.identical(b));
    case CmpKind::IsNot: return Value::boolean(!a.identical(b));
    default: return rich_order(*this, op, a, b);
  }
}

bool Interpreter::lt(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return a.as_int() < b.as_int();
  return truthy(compare(CmpKind::Lt, a, b));
}

// ---------------------------------------------------------------- hashing
int64_t Interpreter::hash_object(const Value& v) {
  switch (v.tag()) {
    case Tag::None: case Tag::Undef: return 0x5f3759df;
    case Tag::Bool: return v.as_int();
    case Tag::Int: return hash_int(v.as_int());
    case Tag::Float: return hash_double(v.as_float());
    case Tag::Obj: break;
  }
  Object* o = v.obj();
  switch (o->kind) {
    case Kind::Str: return hash(v);  // answered inline there
    case Kind::BigInt: return big_hash(v);
    case Kind::Tuple: {
      // CPython 3.11 tuplehash (xxHash-based)
      const uint64_t P1 = 11400714785074694791ULL, P2 = 14029467366897019727ULL, P5 = 2870177450012600261ULL;
      uint64_t acc = P5;
      auto& items = v.as<Tuple>()->items;
      for (auto& it : items) {
        uint64_t lane = uint64_t(hash(it));
        acc += lane * P2;
        acc = (acc << 31) | (acc >> 33);
        acc *= P1;
      }
      acc += items.size() ^ (P5 ^ 3527539UL);
      if (acc == uint64_t(-1)) return 1546275796;
      return int64_t(acc);
    }
    case Kind::FrozenSet: {
      uint64_t h = 0;
      v.as<Set>()->for_each([&](const Value& k) {
        uint64_t x = uint64_t(hash(k));
        h ^= ((x ^ 89869747UL) ^ (x << 16)) * 3644798167UL;
      });
      h ^= (v.as<Set>()->size() + 1) * 1927868237UL;
      h = h * 69069U + 907133923UL;
      return int64_t(h) == -1 ? 590923713 : int64_t(h);
    }
    case Kind::List: case Kind::Dict: case Kind::Set: case Kind::DictView:
      raise("TypeError", "unhashable type: '" + type_name(v) + "'");
    case Kind::Instance: case Kind::Exception: case Kind::Native: {
      ClassObj* t = type_of(v);
      Value* h = class_lookup(t, names->hash.get());
      if (h && h->is_none()) raise("TypeError", "unhashable type: '" + type_name(v) + "'");
      if (h && h->is(Kind::Function)) {
        Value r = call(*h, &v, 1);
        if (!r.is_int()) raise("TypeError", "__hash__ method should return an integer");
        return r.as_int() == -1 ? -2 : r.as_int();
      }
      Value* e = class_lookup(t, names->eq.get());
      if (e && e->is(Kind::Function)) {
        // a class defining __eq__ without __hash__ is unhashable
        bool defines_hash = false;
        for (ClassObj* c : t->mro) {
          if (dict_find_name(c->dict.get(), names->hash.get())) {
            defines_hash = true;
            break;
          }
          if (dict_find_name(c->dict.get(), names->eq.get())) break;
        }
        if (!defines_hash) raise("TypeError", "unhashable type: '" + type_name(v) + "'");
      }
      return int64_t(uintptr_t(o) >> 4);
    }
    default: return int64_t(uintptr_t(o) >> 4);
  }
}

// ------------------------------------------------------------- attributes
Value bind_descriptor(Interpreter& in, const Value& d, const Value& obj, ClassObj* cls) {
  if (d.is(Kind::Function) || d.is(Kind::NativeFunction)) return Value(new BoundMethod(obj, d));
  if (d.is(Kind::StaticMethod)) return d.as<StaticMethod>()->func;
  if (d.is(Kind::ClassMethod)) return Value(new BoundMethod(Value(cls), d.as<ClassMethod>()->func));
  if (d.is(Kind::Property)) {
    auto* p = d.as<Property>();
    if (p->fget.is_none()) in.raise("AttributeError", "property object has no getter");
    return in.call(p->fget, &obj, 1);
  }
  return d;
}

bool Interpreter::getattr_opt(const Value& obj, Str* name, Value& out) {
  try {
    out = getattr(obj, name);
    return true;
  } catch (PyException& e) {
    if (e.exc->cls->is_subclass_of(exc_classes_["AttributeError"])) return false;
    throw;
  }
}

Value Interpreter::getattr(const Value& obj, Str* name) {
  const std::string& n = name->s;
  if (obj.is_obj()) {
    Object* o = obj.obj();
    switch (o->kind) {
      case Kind::Instance: case Kind::Exception: case Kind::Native: {
        ClassObj* t = type_of(obj);
        Value* d = class_lookup(t, name);
        if (d && d->is(Kind::Property)) return bind_descriptor(*this, *d, obj, t);
        Dict* dict = o->kind == Kind::Native ? static_cast<NativeObject*>(o)->dict.get() : static_cast<Instance*>(o)->dict.get();
        if (dict)
          if (Value* v = dict_find_name(dict, name)) return *v;
        if (o->kind == Kind::Exception) {
          auto* e = static_cast<ExceptionObj*>(o);
          if (n == "args") return e->args;
          if (n == "__cause__") return e->cause;
          if (n == "__context__") return e->context;
          if (n == "__suppress_context__") return Value::boolean(e->suppress_context);
          if (n == "__traceback__") return Value();
        }
        if (d) return bind_descriptor(*this, *d, obj, t);
        if (n == "__class__") return Value(t);
        if (n == "__dict__") {
          if (o->kind == Kind::Instance || o->kind == Kind::Exception) {
            auto* inst = static_cast<Instance*>(o);
            if (!inst->dict) inst->dict = new Dict();
            return Value(inst->dict.get());
          }
        }
        Value* ga = class_lookup(t, names->getattr.get());
        if (ga && ga->is(Kind::Function)) {
          Value args[2] = {obj, Value(name)};
          return call(*ga, args, 2);
        }
        raise_attribute_error(obj, name, "'" + t->name->s + "' object has no attribute '" + n + "'");
      }
      case Kind::Class: {
        auto* c = static_cast<ClassObj*>(o);
        Value* d = class_lookup(c, name);
        if (d) {
          if (d->is(Kind::ClassMethod)) return Value(new BoundMethod(obj, d->as<ClassMethod>()->func));
          if (d->is(Kind::StaticMethod)) return d->as<StaticMethod>()->func;
          return *d;
        }
        if (n == "__name__") return Value(c->name.get());
        if (n == "__qualname__") return new_str(c->qualname);
        if (n == "__module__") return new_str(c->module);
        if (n == "__doc__") return Value();
        if (n == "__class__") return Value(types.type);
        if (n == "__bases__") {
          std::vector<Value> b;
          for (auto& x : c->bases) b.push_back(Value(x.get()));
          return new_tuple(std::move(b));
        }
        if (n == "__mro__") {
          std::vector<Value> b;
          for (auto* x : c->mro) b.push_back(Value(x));
          return new_tuple(std::move(b));
        }
        if (n == "__dict__") return Value(c->dict.get());
        if (Value* tv = class_lookup(types.type, name)) return bind_descriptor(*this, *tv, obj, types.type);
        raise_attribute_error(obj, name, "type object '" + c->qualname + "' has no attribute '" + n + "'");
      }
      case Kind::Module: {
        auto* m = static_cast<Module*>(o);
        if (Value* v = dict_find_name(m->dict.get(), name)) return *v;
        if (finish_module(*m)) return getattr(obj, name);
        if (n == "__dict__") return Value(m->dict.get());
        raise_attribute_error(obj, name, "module '" + m->name->s + "' has no attribute '" + n + "'");
      }
      case Kind::Function: {
        auto* f = static_cast<Function*>(o);
        if (f->attrs)
          if (Value* v = dict_find_name(f->attrs.get(), name)) return *v;
        if (n == "__name__") return Value(f->name.get());
        if (n == "__qualname__") return new_str(f->qualname);
        if (n == "__doc__") return f->doc;
        if (n == "__annotations__") {
          if (f->annotations.is_none()) f->annotations = Value(new Dict());
          return f->annotations;
        }
        if (n == "__module__") {
          Value* mn = dict_find_name(f->globals.get(), names->name.get());
          return mn ? *mn : Value();
        }
        if (n == "__defaults__") return f->defaults.empty() ? Value() : new_tuple(f->defaults);
        if (n == "__dict__") {
          if (!f->attrs) f->attrs = new Dict();
          return Value(f->attrs.get());
        }
        break;
      }
      case Kind::NativeFunction: {
        auto* f = static_cast<NativeFunction*>(o);
        if (n == "__name__" || n == "__qualname__") return new_str(f->name);
        if (n == "__self__") return f->self;
        break;
      }
      case Kind::BoundMethod: {
        auto* b = static_cast<BoundMethod*>(o);
        if (n == "__self__") return b->self;
        if (n == "__func__") return b->func;
        return getattr(b->func, name);
      }
      case Kind::Super: {
        auto* s = static_cast<Super*>(o);
        ClassObj* start = s->self.is(Kind::Class) ? s->self.as<ClassObj>() : type_of(s->self);
        auto& mro = start->mro;
        auto it = std::find(mro.begin(), mro.end(), s->type.get());
        if (it != mro.end()) ++it;
        for (; it != mro.end(); ++it) {
          if (Value* d = dict_find_name((*it)->dict.get(), name)) {
            if (s->self.is(Kind::Class)) {
              if (d->is(Kind::ClassMethod)) return Value(new BoundMethod(s->self, d->as<ClassMethod>()->func));
              if (d->is(Kind::StaticMethod)) return d->as<StaticMethod>()->func;
              if (d->is(Kind::Function) && n == "__new__") return *d;
              return *d;
            }
            return bind_descriptor(*this, *d, s->self, start);
          }
        }
        raise_attribute_error(obj, name, "'super' object has no attribute '" + n + "'");
      }
      case Kind::Slice: {
        auto* s = static_cast<Slice*>(o);
        if (n == "start") return s->start;
        if (n == "stop") return s->stop;
        if (n == "step") return s->step;
        break;
      }
      case Kind::Range: {
        auto* r = static_cast<Range*>(o);
        if (n == "start") return Value::integer(r->start);
        if (n == "stop") return Value::integer(r->stop);
        if (n == "step") return Value::integer(r->step);
        break;
      }
      case Kind::Property: {
        auto* p = static_cast<Property*>(o);
        if (n == "fget") return p->fget;
        if (n == "fset") return p->fset;
        break;
      }
      case Kind::Generator: {
        auto* g = static_cast<GeneratorObj*>(o);
        if (n == "__name__") return Value(g->func->name.get());
        if (n == "__qualname__") return new_str(g->func->qualname);
        if (n == "cr_running" || n == "gi_running") return Value::boolean(g->running);
        break;
      }
      default: break;
    }
  }
  ClassObj* t = type_of(obj);
  if (Value* d = class_lookup(t, name)) return bind_descriptor(*this, *d, obj, t);
  if (n == "__class__") return Value(t);
  if (obj.is_int() || obj.is_bool() || obj.is(Kind::BigInt)) {
    if (n == "real" || n == "numerator") return obj.is_bool() ? Value::integer(obj.as_int()) : obj;
    if (n == "imag") return Value::integer(0);
    if (n == "denominator") return Value::integer(1);
  }
  if (obj.is_float()) {
    if (n == "real") return obj;
    if (n == "imag") return Value::floating(0.0);
  }
  raise_attribute_error(obj, name, "'" + type_name(obj) + "' object has no attribute '" + n + "'");
}

void Interpreter::setattr(const Value& obj, Str* name, Value v) {
  if (obj.is_obj()) {
    Object* o = obj.obj();
    switch (o->kind) {
      case Kind::Instance: case Kind::Exception: case Kind::Native: {
        ClassObj* t = type_of(obj);
        Value* d = class_lookup(t, name);
        if (d && d->is(Kind::Property)) {
          auto* p = d->as<Property>();
          if (p->fset.is_none())
            raise("AttributeError", "property '" + name->s + "' of '" + t->name->s + "' object has no setter");
          Value args[2] = {obj, v};
          call(p->fset, args, 2);
          return;
        }
        Value* sa = class_lookup(t, names->setattr.get());
        if (sa && sa->is(Kind::Function)) {
          Value args[3] = {obj, Value(name), v};
          call(*sa, args, 3);
          return;
        }
        if (o->kind == Kind::Exception) {
          auto* e = static_cast<ExceptionObj*>(o);
          if (name->s == "args") {
            e->args = new_tuple(to_vector(v));
            return;
          }
          if (name->s == "__cause__") {
            e->cause = v;
            e->suppress_context = true;
            return;
          }
          if (name->s == "__context__") {
            e->context = v;
            return;
          }
          if (name->s == "__suppress_context__") {
            e->suppress_context = truthy(v);
            return;
          }
        }
        if (t == types.object)  // a bare object() has no __dict__
          raise("AttributeError", "'object' object has no attribute '" + name->s + "'");
        Ref<Dict>& dict = o->kind == Kind::Native ? static_cast<NativeObject*>(o)->dict : static_cast<Instance*>(o)->dict;
        if (!dict) dict = new Dict();
        dict->set(*this, Value(name), std::move(v));
        return;
      }
      case Kind::Class: {
        auto* c = static_cast<ClassObj*>(o);
        if (c->is_builtin)
          raise("TypeError", "cannot set '" + name->s + "' attribute of immutable type '" + c->qualname + "'");
        c->dict->set(*this, Value(name), std::move(v));
        return;
      }
      case Kind::Module:
        // made first, so that the deferred part cannot later overwrite what is set here
        finish_module(*static_cast<Module*>(o));
        static_cast<Module*>(o)->dict->set(*this, Value(name), std::move(v));
        return;
      case Kind::Function: {
        auto* f = static_cast<Function*>(o);
        if (name->s == "__name__" && v.is(Kind::Str)) {
          f->name = v.as<Str>();
          return;
        }
        if (name->s == "__qualname__" && v.is(Kind::Str)) {
          f->qualname = v.as<Str>()->s;
          return;
        }
        if (name->s == "__doc__") {
          f->doc = v;
          return;
        }
        if (name->s == "__annotations__") {
          f->annotations = v;
          return;
        }
        if (!f->attrs) f->attrs = new Dict();
        f->attrs->set(*this, Value(name), std::move(v));
        return;
      }
      default: break;
    }
  }
  if (class_lookup(type_of(obj), name))
    raise("AttributeError", "'" + type_name(obj) + "' object attribute '" + name->s + "' is read-only");
  raise("AttributeError", "'" + type_name(obj) + "' object has no attribute '" + name->s + "'");
}

void Interpreter::delattr(const Value& obj, Str* name) {
  Dict* d = nullptr;
  if (obj.is(Kind::Instance) || obj.is(Kind::Exception)) d = obj.as<Instance>()->dict.get();
  else if (obj.is(Kind::Class)) d = obj.as<ClassObj>()->dict.get();
  else if (obj.is(Kind::Module)) {
    finish_module(*obj.as<Module>());
    d = obj.as<Module>()->dict.get();
  }
  if (d && d->erase(*this, Value(name))) return;
  raise("AttributeError", "'" + type_name(obj) + "' object has no attribute '" + name->s + "'");
}

// ----------------------------------------------------------------- items
namespace {
// Normalizes slice bounds like PySlice_AdjustIndices.
// A slice bound or step: an int too big for an index is clamped, as CPython clamps to its
// ssize_t range (here ±2**62, far past any length, so adding a length cannot overflow).
int64_t slice_index(Interpreter& in, const Value& v) {
  constexpr int64_t kClamp = int64_t(1) << 62;
  if (v.is(Kind::BigInt)) return int_is_negative(v) ? -kClamp : kClamp;
  int64_t x = in.to_index(v, "slice indices must be integers or None or have an __index__ method");
  return x < -kClamp ? -kClamp : x > kClamp ? kClamp : x;
}

void slice_indices(Interpreter& in, Slice* s, int64_t len, int64_t& start, int64_t& stop, int64_t& step) {
  step = s->step.is_none() ? 1 : slice_index(in, s->step);
  if (step == 0) in.raise("ValueError", "slice step cannot be zero");
  int64_t lower = step < 0 ? -1 : 0, upper = step < 0 ? len - 1 : len;
  auto adj = [&](const Value& v, int64_t def) {
    if (v.is_none()) return def;
    int64_t x = slice_index(in, v);
    if (x < 0) {
      x += len;
      if (x < lower) x = lower;
    } else if (x > upper) {
      x = upper;
    }
    return x;
  };
  start = adj(s->start, step < 0 ? upper : lower);
  stop = adj(s->stop, step < 0 ? lower : upper);
}
int64_t slice_count(int64_t start, int64_t stop, int64_t step) {
  if (step > 0) return start < stop ? (stop - start - 1) / step + 1 : 0;
  return start > stop ? (start - stop - 1) / (-step) + 1 : 0;
}
}  // namespace

Value Interpreter::getitem(const Value& obj, const Value& key) {
  if (obj.is_obj()) {
    Object* o = obj.obj();
    switch (o->kind) {
      case Kind::List: case Kind::Tuple: {
        bool is_list = o->kind == Kind::List;
        auto& items = is_list ? obj.as<List>()->items : obj.as<Tuple>()->items;
        if (key.is(Kind::Slice)) {
          int64_t a, b, c;
          slice_indices(*this, key.as<Slice>(), int64_t(items.size()), a, b, c);
          std::vector<Value> out;
          for (int64_t i = a, n = slice_count(a, b, c); n > 0; --n, i += c) out.push_back(items[size_t(i)]);
          return is_list ? new_list(std::move(out)) : new_tuple(std::move(out));
        }
        if (!(key.is_int() || key.is_bool() || key.is(Kind::Instance) || key.is(Kind::BigInt)))
          raise("TypeError", std::string(is_list ? "list" : "tuple") + " indices must be integers or slices, not " + type_name(key));
        int64_t i = to_index(key);
        if (i < 0) i += int64_t(items.size());
        if (i < 0 || i >= int64_t(items.size()))
          raise("IndexError", std::string(is_list ? "list" : "tuple") + " index out of range");
        return items[size_t(i)];
      }
      case Kind::Str: {
        const std::string& s = obj.as<Str>()->s;
        bool ascii = obj.as<Str>()->ascii();
        int64_t len = int64_t(obj.as<Str>()->length());
        if (key.is(Kind::Slice)) {
          int64_t a, b, c;
          slice_indices(*this, key.as<Slice>(), len, a, b, c);
          std::string out;
          if (ascii) {
            if (c == 1) return new_str(a < b ? s.substr(size_t(a), size_t(b - a)) : "");
            for (int64_t i = a, n = slice_count(a, b, c); n > 0; --n, i += c) out += s[size_t(i)];
          } else {
            auto cps = utf8_decode(s);
            for (int64_t i = a, n = slice_count(a, b, c); n > 0; --n, i += c) utf8_append(out, cps[size_t(i)]);
          }
          return new_str(std::move(out));
        }
        if (!(key.is_int() || key.is_bool() || key.is(Kind::Instance) || key.is(Kind::BigInt)))
          raise("TypeError", "string indices must be integers, not '" + type_name(key) + "'");
        int64_t i = to_index(key);
        if (i < 0) i += len;
        if (i < 0 || i >= len) raise("IndexError", "string index out of range");
        if (ascii) return new_str(std::string(1, s[size_t(i)]));
        std::string out;
        utf8_append(out, utf8_decode(s)[size_t(i)]);
        return new_str(std::move(out));
      }
      case Kind::Dict: {
        Value* v = obj.as<Dict>()->find(*this, key);
        if (v) return *v;
        auto e = new_exception(exc_classes_["KeyError"], std::vector<Value>{key});
        throw PyException(e);
      }
      case Kind::Range: {
        auto* r = obj.as<Range>();
        int64_t len = r->length();
        if (key.is(Kind::Slice)) {
          int64_t a, b, c;
          slice_indices(*this, key.as<Slice>(), len, a, b, c);
          return Value(new Range(r->at(a), r->at(b), r->step * c));
        }
        int64_t i = to_index(key, ("range indices must be integers or slices, not " + type_name(key)).c_str());
        if (i < 0) i += len;
        if (i < 0 || i >= len) raise("IndexError", "range object index out of range");
        return Value::integer(r->at(i));
      }
      case Kind::Instance: case Kind::Exception: case Kind::Native: {
        Value m;
        if (has_special(obj, names->getitem.get(), m)) {
          Value args[2] = {obj, key};
          return call(m, args, 2);
        }
        break;
      }
      case Kind::Class: {
        Value* cg = class_lookup(obj.as<ClassObj>(), intern("__class_getitem__").get());
        if (cg) {
          Value f = cg->is(Kind::ClassMethod) ? cg->as<ClassMethod>()->func : *cg;
          Value args[2] = {obj, key};
          return call(f, args, 2);
        }
        if (obj.as<ClassObj>()->is_builtin) return obj;  // list[int] etc. in annotations
        raise("TypeError", "type '" + obj.as<ClassObj>()->name->s + "' is not subscriptable");
      }
      default: break;
    }
  }
  raise("TypeError", "'" + type_name(obj) + "' object is not subscriptable");
}

void Interpreter::setitem(const Value& obj, const Value& key, Value v) {
  if (obj.is(Kind::List)) {
    auto& items = obj.as<List>()->items;
    if (key.is(Kind::Slice)) {
      int64_t a, b, c;
      slice_indices(*this, key.as<Slice>(), int64_t(items.size()), a, b, c);
      std::vector<Value> src = to_vector(v);
      if (c == 1) {
        if (b < a) b = a;
        items.erase(items.begin() + a, items.begin() + b);
        items.insert(items.begin() + a, src.begin(), src.end());
        return;
      }
      int64_t n = slice_count(a, b, c);
      if (int64_t(src.size()) != n)
        raise("ValueError", "attempt to assign sequence of size " + std::to_string(src.size()) +
                                " to extended slice of size " + std::to_string(n));
      for (int64_t i = a, k = 0; k < n; ++k, i += c) items[size_t(i)] = src[size_t(k)];
      return;
    }
    if (!(key.is_int() || key.is_bool() || key.is(Kind::Instance)))
      raise("TypeError", "list indices must be integers or slices, not " + type_name(key));
    int64_t i = to_index(key);
    if (i < 0) i += int64_t(items.size());
    if (i < 0 || i >= int64_t(items.size())) raise("IndexError", "list assignment index out of range");
    items[size_t(i)] = std::move(v);
    return;
  }
  if (obj.is(Kind::Dict)) {
    obj.as<Dict>()->set(*this, key, std::move(v));
    return;
  }
  Value m;
  if ((obj.is(Kind::Instance) || obj.is(Kind::Native)) && has_special(obj, names->setitem.get(), m)) {
    Value args[3] = {obj, key, v};
    call(m, args, 3);
    return;
  }
  raise("TypeError", "'" + type_name(obj) + "' object does not support item assignment");
}

void Interpreter::delitem(const Value& obj, const Value& key) {
  if (obj.is(Kind::List)) {
    auto& items = obj.as<List>()->items;
    if (key.is(Kind::Slice)) {
      int64_t a, b, c;
      slice_indices(*this, key.as<Slice>(), int64_t(items.size()), a, b, c);
      int64_t n = slice_count(a, b, c);
      std::vector<bool> kill(items.size(), false);
      for (int64_t i = a, k = 0; k < n; ++k, i += c) kill[size_t(i)] = true;
      std::vector<Value> keep;
      for (size_t i = 0; i < items.size(); ++i)
        if (!kill[i]) keep.push_back(items[i]);
      items = std::move(keep);
      return;
    }
    int64_t i = to_index(key);
    if (i < 0) i += int64_t(items.size());
    if (i < 0 || i >= int64_t(items.size())) raise("IndexError", "list assignment index out of range");
    items.erase(items.begin() + i);
    return;
  }
  if (obj.is(Kind::Dict)) {
    if (!obj.as<Dict>()->erase(*this, key)) throw PyException(new_exception(exc_classes_["KeyError"], std::vector<Value>{key}));
    return;
  }
  Value m;
  if (obj.is(Kind::Instance) && has_special(obj, names->delitem.get(), m)) {
    Value args[2] = {obj, key};
    call(m, args, 2);
    return;
  }
  raise("TypeError", "'" + type_name(obj) + "' object doesn't support item deletion");
}

// -------------------------------------------------------------- iteration
Value Interpreter::iter(const Value& v) {
  if (v.is_obj()) {
    Object* o = v.obj();
    switch (o->kind) {
      case Kind::List: return make_list_iter(v);
      case Kind::Tuple: return Value(new IndexIter<Tuple>("tuple_iterator", v));
      case Kind::Str: return Value(new StrIter(v));
      case Kind::Dict: return Value(new DictIter(v, 0));
      case Kind::DictView: {
        auto* dv = static_cast<DictView*>(o);
        return Value(new DictIter(dv->dict, dv->mode));
      }
      case Kind::Set: case Kind::FrozenSet: return Value(new SetIter(v));
      case Kind::Range: {
        auto* r = v.as<Range>();
        return Value(new RangeIter(r->start, r->step, r->length()));
      }
      case Kind::Iterator: return v;
      case Kind::Generator:
        if (v.as<GeneratorObj>()->flavor == GeneratorObj::Gen) return v;
        break;
      case Kind::Instance: case Kind::Native: case Kind::Exception: {
        Value m;
        if (has_special(v, names->iter.get(), m)) {
          Value it = call(m, &v, 1);
          Value nx;
          if (!it.is(Kind::Iterator) && !it.is(Kind::Generator) && !has_special(it, names->next.get(), nx))
            raise("TypeError", "iter() returned non-iterator of type '" + type_name(it) + "'");
          return it;
        }
        if (has_special(v, names->getitem.get(), m)) return Value(new SeqIter(v));
        break;
      }
      default: break;
    }
  }
  raise("TypeError", "'" + type_name(v) + "' object is not iterable");
}

bool Interpreter::next(const Value& it, Value& out) {
  if (it.is(Kind::Iterator)) return it.as<IterObj>()->next(*this, out);
  if (it.is(Kind::Generator)) {
    bool done = false;
    Value v = generator_send(it.as<GeneratorObj>(), Value(), &done);
    if (done) return false;
    out = std::move(v);
    return true;
  }
  Value m;
  if (has_special(it, names->next.get(), m)) {
    try {
      out = call(m, &it, 1);
      return true;
    } catch (PyException& e) {
      if (e.exc->cls->is_subclass_of(exc_classes_["StopIteration"])) return false;
      throw;
    }
  }
  raise("TypeError", "'" + type_name(it) + "' object is not an iterator");
}

std::vector<Value> Interpreter::to_vector(const Value& v) {
  if (v.is(Kind::List)) return v.as<List>()->items;
  if (v.is(Kind::Tuple)) return v.as<Tuple>()->items;
  std::vector<Value> out;
  Value it = iter(v);
  Value x;
  while (next(it, x)) out.push_back(std::move(x));
  return out;
}

int64_t Interpreter::len(const Value& v) {
  if (v.is_obj()) {
    switch (v.obj()->kind) {
      case Kind::Str: return int64_t(v.as<Str>()->length());
      case Kind::List: return int64_t(v.as<List>()->items.size());
      case Kind::Tuple: return int64_t(v.as<Tuple>()->items.size());
      case Kind::Dict: return int64_t(v.as<Dict>()->size());
      case Kind::Set: case Kind::FrozenSet: return int64_t(v.as<Set>()->size());
      case Kind::Range: return v.as<Range>()->length();
      case Kind::DictView: return int64_t(static_cast<DictView*>(v.obj())->dict.as<Dict>()->size());
      case Kind::Instance: case Kind::Native: case Kind::Exception: {
        Value m;
        if (has_special(v, names->len.get(), m)) {
          Value r = call(m, &v, 1);
          if (!r.is_int() && !r.is_bool())
            raise("TypeError", "'" + type_name(r) + "' object cannot be interpreted as an integer");
          if (r.as_int() < 0) raise("ValueError", "__len__() should return >= 0");
          return r.as_int();
        }
        break;
      }
      default: break;
    }
  }
  raise("TypeError", "object of type '" + type_name(v) + "' has no len()");
}

bool Interpreter::contains(const Value& c, const Value& item) {
  if (c.is_obj()) {
    switch (c.obj()->kind) {
      case Kind::Str:
        if (!item.is(Kind::Str))
          raise("TypeError", "'in <string>' requires string as left operand, not " + type_name(item));
        return c.as<Str>()->s.find(item.as<Str>()->s) != std::string::npos;
      case Kind::List: case Kind::Tuple: {
        auto& items = c.is(Kind::List) ? c.as<List>()->items : c.as<Tuple>()->items;
        for (size_t i = 0; i < items.size(); ++i)
          if (items[i].identical(item) || eq(items[i], item)) return true;
        return false;
      }
      case Kind::Dict: return c.as<Dict>()->find(*this, item) != nullptr;
      case Kind::DictView: {
        auto* dv = static_cast<DictView*>(c.obj());
        if (dv->mode == 0) return dv->dict.as<Dict>()->find(*this, item) != nullptr;
        break;
      }
      case Kind::Set: case Kind::FrozenSet: return c.as<Set>()->contains(*this, item);
      case Kind::Range: {
        auto* r = c.as<Range>();
        if (item.is_int() || item.is_bool()) {
          int64_t x = item.as_int();
          if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop)) return false;
          return (x - r->start) % r->step == 0;
        }
        break;
      }
      case Kind::Instance: case Kind::Native: {
        Value m;
        if (has_special(c, names->contains.get(), m)) {
          Value args[2] = {c, item};
          return truthy(call(m, args, 2));
        }
        if (!has_special(c, names->iter.get(), m) && !has_special(c, names->getitem.get(), m))
          raise("TypeError", "argument of type '" + type_name(c) + "' is not iterable");
        break;
      }
      default: break;
    }
  } else {
    raise("TypeError", "argument of type '" + type_name(c) + "' is not iterable");
  }
  Value it = iter(c);
  Value x;
  while (next(it, x))
    if (x.identical(item) || eq(x, item)) return true;
  return false;
}

// -------------------------------------------------------------- operators
namespace {
const char* op_symbol(BinOpKind op) {
  static const char* s[] = {"+", "-", "*", "/", "//", "%", "** or pow()", "<<", ">>", "|", "^", "&", "@"};
  return s[int(op)];
}
}  // namespace

static Str* op_dunder(Interpreter& in, BinOpKind op) {
  auto& n = *in.names;
  switch (op) {
    case BinOpKind::Add: return n.add.get();
    case BinOpKind::Sub: return n.sub.get();
    case BinOpKind::Mul: return n.mul.get();
    case BinOpKind::Div: return n.truediv.get();
    case BinOpKind::FloorDiv: return n.floordiv.get();
    case BinOpKind::Mod: return n.mod.get();
    case BinOpKind::Pow: return n.pow.get();
    case BinOpKind::LShift: return n.lshift.get();
    case BinOpKind::RShift: return n.rshift.get();
    case BinOpKind::BitOr: return n.or_.get();
    case BinOpKind::BitXor: return n.xor_.get();
    case BinOpKind::BitAnd: return n.and_.get();
    case BinOpKind::MatMul: return n.matmul.get();
  }
  return n.add.get();
}

static Value float_op(Interpreter& in, BinOpKind op, double x, double y) {
  switch (op) {
    case BinOpKind::Add: return Value::floating(x + y);
    case BinOpKind::Sub: return Value::floating(x - y);
    case BinOpKind::Mul: return Value::floating(x * y);
    case BinOpKind::Div:
      if (y == 0) in.raise("ZeroDivisionError", "float division by zero");
      return Value::floating(x / y);
    case BinOpKind::FloorDiv: {
      if (y == 0) in.raise("ZeroDivisionError", "float floor division by zero");
      double mod = std::fmod(x, y);
      double div = (x - mod) / y;
      if (mod && ((y < 0) != (mod < 0))) div -= 1.0;
      double fl = std::floor(div);
      if (div - fl > 0.5) fl += 1.0;
      if (!div) fl = std::copysign(0.0, x / y);
      return Value::floating(fl);
    }
    case BinOpKind::Mod: {
      if (y == 0) in.raise("ZeroDivisionError", "float modulo");
      double mod = std::fmod(x, y);
      if (mod) {
        if ((y < 0) != (mod < 0)) mod += y;
      } else {
        mod = std::copysign(0.0, y);
      }
      return Value::floating(mod);
    }
    case BinOpKind::Pow: {
      if (x == 0 && y < 0) in.raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
      if (x < 0 && y != std::floor(y)) in.raise("ValueError", "math domain error");
      double r = std::pow(x, y);
      if (std::isinf(r) && !std::isinf(x) && !std::isinf(y)) in.raise("OverflowError", "(34, 'Numerical result out of range')");
      return Value::floating(r);
    }
    default: return Value::undef();
  }
}

Value set_operation(Interpreter& in, BinOpKind op, const Value& a, const Value& b);

Value Interpreter::binary_op(BinOpKind op, const Value& a, const Value& b, bool inplace) {
  if (is_number(a) && is_number(b)) {
    if (a.is_float() || b.is_float()) {
      Value r = float_op(*this, op, to_double(a), to_double(b));
      if (!r.is_undef()) return r;
    } else {
      Value r = int_binop(*this, op, a, b);
      if (!r.is_undef()) return r;
    }
  } else if (a.is_obj() && !a.is(Kind::Instance) && !a.is(Kind::Native)) {
    Kind k = a.obj()->kind;
    if (k == Kind::Str) {
      if (op == BinOpKind::Add) {
        if (b.is(Kind::Str)) return new_str(a.as<Str>()->s + b.as<Str>()->s);
        if (!b.is(Kind::Instance))
          raise("TypeError", "can only concatenate str (not \"" + type_name(b) + "\") to str");
      }
      if (op == BinOpKind::Mul && (b.is_int() || b.is_bool())) {
        std::string out;
        for (int64_t i = 0; i < b.as_int(); ++i) out += a.as<Str>()->s;
        return new_str(std::move(out));
      }
      if (op == BinOpKind::Mod) return new_str(percent_format(*this, a.as<Str>()->s, b));
    } else if (k == Kind::List || k == Kind::Tuple) {
      bool is_list = k == Kind::List;
      auto& x = is_list ? a.as<List>()->items : a.as<Tuple>()->items;
      if (op == BinOpKind::Add) {
        if (is_list && inplace) {
          auto more = to_vector(b);
          a.as<List>()->items.insert(a.as<List>()->items.end(), more.begin(), more.end());
          return a;
        }
        if (b.is_obj() && b.obj()->kind == k) {
          auto& y = is_list ? b.as<List>()->items : b.as<Tuple>()->items;
          std::vector<Value> r(x);
          r.insert(r.end(), y.begin(), y.end());
          return is_list ? new_list(std::move(r)) : new_tuple(std::move(r));
        }
        if (!b.is(Kind::Instance))
          raise("TypeError", std::string("can only concatenate ") + (is_list ? "list" : "tuple") + " (not \"" +
                                 type_name(b) + "\") to " + (is_list ? "list" : "tuple"));
      }
      if (op == BinOpKind::Mul && (b.is_int() || b.is_bool())) {
        std::vector<Value> r;
        for (int64_t i = 0; i < b.as_int(); ++i) r.insert(r.end(), x.begin(), x.end());
        if (is_list && inplace) {
          a.as<List>()->items = std::move(r);
          return a;
        }
        return is_list ? new_list(std::move(r)) : new_tuple(std::move(r));
      }
    } else if (k == Kind::Set || k == Kind::FrozenSet || k == Kind::DictView) {
      Value r = set_operation(*this, op, a, b);
      if (!r.is_undef()) {
        if (inplace && k == Kind::Set) {
          Set* s = a.as<Set>();
          s->clear();
          r.as<Set>()->for_each([&](const Value& v) { s->add(*this, v); });
          return a;
        }
        return r;
      }
    } else if (k == Kind::Dict && op == BinOpKind::BitOr && b.is(Kind::Dict)) {
      Dict* out = inplace ? a.as<Dict>() : new Dict();
      Value res(out);
      if (!inplace) a.as<Dict>()->for_each([&](const Value& kk, const Value& vv) { out->set(*this, kk, vv); });
      b.as<Dict>()->for_each([&](const Value& kk, const Value& vv) { out->set(*this, kk, vv); });
      return res;
    }
  }
  if ((b.is_int() || b.is_bool()) && (a.is(Kind::List) || a.is(Kind::Tuple) || a.is(Kind::Str)) == false &&
      op == BinOpKind::Mul && (b.is(Kind::List) || b.is(Kind::Str) || b.is(Kind::Tuple))) {
  }
  if (op == BinOpKind::Mul && (a.is_int() || a.is_bool()) && (b.is(Kind::List) || b.is(Kind::Str) || b.is(Kind::Tuple)))
    return binary_op(op, b, a);
  // user-defined operators
  Str* dn = op_dunder(*this, op);
  Value m;
  if (inplace && (a.is(Kind::Instance) || a.is(Kind::Native))) {
    std::string iname = "__i" + dn->s.substr(2);
    if (has_special(a, intern(iname).get(), m)) {
      Value args[2] = {a, b};
      Value r = call(m, args, 2);
      if (!r.identical(not_implemented)) return r;
    }
  }
  if ((a.is(Kind::Instance) || a.is(Kind::Native)) && has_special(a, dn, m) && !m.is(Kind::NativeFunction)) {
    Value args[2] = {a, b};
    Value r = call(m, args, 2);
    if (!r.identical(not_implemented)) return r;
  }
  if (b.is(Kind::Instance) || b.is(Kind::Native)) {
    std::string rname = "__r" + dn->s.substr(2);
    if (has_special(b, intern(rname).get(), m) && !m.is(Kind::NativeFunction)) {
      Value args[2] = {b, a};
      Value r = call(m, args, 2);
      if (!r.identical(not_implemented)) return r;
    }
  }
  if (op == BinOpKind::Mul) {
    auto is_sequence = [](const Value& v) { return v.is(Kind::Str) || v.is(Kind::List) || v.is(Kind::Tuple); };
    if (is_sequence(a) || is_sequence(b))
      raise("TypeError", "can't multiply sequence by non-int of type '" + type_name(is_sequence(a) ? b : a) + "'");
  }
  raise("TypeError", std::string("unsupported operand type(s) for ") + (inplace && op != BinOpKind::Pow ? std::string(op_symbol(op)) + "=" : op_symbol(op)) +
                         ": '" + type_name(a) + "' and '" + type_name(b) + "'");
}

Value Interpreter::unary_op(UnaryKind op, const Value& v) {
  if (op == UnaryKind::Not) return Value::boolean(!truthy(v));
  if (v.is_int() || v.is_bool() || v.is(Kind::BigInt)) {
    if (op == UnaryKind::Pos) return v.is_bool() ? Value::integer(v.as_int()) : v;
    if (op == UnaryKind::Neg) return int_negate(v);
    if (op == UnaryKind::Invert) return int_binop(*this, BinOpKind::Sub, int_negate(v), Value::integer(1));
  }
  if (v.is_float()) {
    if (op == UnaryKind::Neg) return Value::floating(-v.as_float());
    if (op == UnaryKind::Pos) return v;
  }
  const char* dn = op == UnaryKind::Neg ? "__neg__" : op == UnaryKind::Pos ? "__pos__" : "__invert__";
  Value m;
  if ((v.is(Kind::Instance) || v.is(Kind::Native)) && has_special(v, intern(dn).get(), m)) return call(m, &v, 1);
  const char* sym = op == UnaryKind::Neg ? "-" : op == UnaryKind::Pos ? "+" : "~";
  raise("TypeError", std::string("bad operand type for unary ") + sym + ": '" + type_name(v) + "'");
}

}  // namespace loopscope::script
