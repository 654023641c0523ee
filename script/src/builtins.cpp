// Built-in types, the exception hierarchy and built-in functions.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runtime.hpp"

namespace loopscope::script {

Value make_dict_view(const Value& d, int mode);
void compute_mro(Interpreter& in, ClassObj* cls);

namespace {
class Singleton final : public Object {
 public:
  explicit Singleton(Kind k) : Object(k) {}
};

[[noreturn]] void arg_count(Interpreter& in, const char* name, size_t min, size_t max, size_t got) {
  if (min == max)
    in.raise("TypeError", std::string(name) + "() takes exactly " + (min == 1 ? "one argument" : std::to_string(min) + " arguments") +
                              " (" + std::to_string(got) + " given)");
  if (got < min)
    in.raise("TypeError", std::string(name) + " expected at least " + std::to_string(min) + " argument" + (min == 1 ? "" : "s") +
                              ", got " + std::to_string(got));
  in.raise("TypeError", std::string(name) + " expected at most " + std::to_string(max) + " argument" + (max == 1 ? "" : "s") +
                            ", got " + std::to_string(got));
}

void check_args(Interpreter& in, const Args& a, const char* name, size_t min, size_t max) {
  if (a.size() < min || a.size() > max) arg_count(in, name, min, max, a.size());
}

// getattr/setattr/delattr/hasattr's second argument, interned.
Ref<Str> attribute_name(Interpreter& in, const Value& name) {
  if (!name.is(Kind::Str)) in.raise("TypeError", "attribute name must be string, not '" + in.type_name(name) + "'");
  return in.intern(name.as<Str>()->s);
}

// ---- iterator helpers for enumerate/zip/map/filter/reversed
class EnumerateIter final : public IterObj {
 public:
  EnumerateIter(Value it, Value start) : IterObj("enumerate"), it(std::move(it)), i(std::move(start)) {}
  bool next(Interpreter& in, Value& out) override {
    Value x;
    if (!in.next(it, x)) return false;
    out = in.new_tuple({i, x});
    i = i.is_int() && i.as_int() < INT64_MAX ? Value::integer(i.as_int() + 1) : in.binary_op(BinOpKind::Add, i, Value::integer(1));
    return true;
  }
  Value it, i;
};

class ZipIter final : public IterObj {
 public:
  explicit ZipIter(std::vector<Value> its, bool strict) : IterObj("zip"), its(std::move(its)), strict(strict) {}
  bool next(Interpreter& in, Value& out) override {
    if (its.empty()) return false;
    std::vector<Value> items;
    for (size_t k = 0; k < its.size(); ++k) {
      Value x;
      if (!in.next(its[k], x)) {
        if (strict) {
          if (k > 0)
            in.raise("ValueError", "zip() argument " + std::to_string(k + 1) + " is shorter than argument" + (k == 1 ? " 1" : "s 1-" + std::to_string(k)));
          for (size_t j = 1; j < its.size(); ++j) {
            Value y;
            if (in.next(its[j], y))
              in.raise("ValueError", "zip() argument " + std::to_string(j + 1) + " is longer than argument" + (j == 1 ? " 1" : "s 1-" + std::to_string(j)));
          }
        }
        return false;
      }
      items.push_back(std::move(x));
    }
    out = in.new_tuple(std::move(items));
    return true;
  }
  std::vector<Value> its;
  bool strict;
};

class MapIter final : public IterObj {
 public:
  MapIter(Value f, std::vector<Value> its) : IterObj("map"), f(std::move(f)), its(std::move(its)) {}
  bool next(Interpreter& in, Value& out) override {
    std::vector<Value> args;
    for (auto& it : its) {
      Value x;
      if (!in.next(it, x)) return false;
      args.push_back(std::move(x));
    }
    out = in.call(f, args.data(), args.size());
    return true;
  }
  Value f;
  std::vector<Value> its;
};

class FilterIter final : public IterObj {
 public:
  FilterIter(Value f, Value it) : IterObj("filter"), f(std::move(f)), it(std::move(it)) {}
  bool next(Interpreter& in, Value& out) override {
    Value x;
    while (in.next(it, x)) {
      bool keep = f.is_none() ? in.truthy(x) : in.truthy(in.call(f, &x, 1));
      if (keep) {
        out = std::move(x);
        return true;
      }
    }
    return false;
  }
  Value f, it;
};

class ReversedIter final : public IterObj {
 public:
  ReversedIter(Value seq, int64_t n) : IterObj("reversed"), seq(std::move(seq)), i(n - 1) {}
  bool next(Interpreter& in, Value& out) override {
    if (i < 0) return false;
    if (seq.is(Kind::List)) {
      auto& items = seq.as<List>()->items;
      if (i >= int64_t(items.size())) {
        i = -1;
        return false;
      }
      out = items[size_t(i--)];
      return true;
    }
    out = in.getitem(seq, Value::integer(i--));
    return true;
  }
  Value seq;
  int64_t i;
};

}  // namespace

// Sorts in place, like list.sort(key=..., reverse=...): stable, and
// reverse keeps the relative order of equal elements.
void sort_list(Interpreter& in, std::vector<Value>& items, const Value& key, bool reverse) {
  if (reverse) std::reverse(items.begin(), items.end());
  if (key.is_none()) {
    std::stable_sort(items.begin(), items.end(), [&](const Value& a, const Value& b) { return in.lt(a, b); });
  } else {
    std::vector<std::pair<Value, Value>> dec;
    dec.reserve(items.size());
    for (auto& v : items) dec.emplace_back(in.call(key, &v, 1), v);
    std::stable_sort(dec.begin(), dec.end(), [&](const auto& a, const auto& b) { return in.lt(a.first, b.first); });
    for (size_t i = 0; i < items.size(); ++i) items[i] = std::move(dec[i].second);
  }
  if (reverse) std::reverse(items.begin(), items.end());
}

Value make_singleton(Kind k) { return Value(new Singleton(k)); }
Value make_ellipsis() {
  static Value e = make_singleton(Kind::Ellipsis);
  return e;
}

ClassObj* Interpreter::make_type(const char* name, ClassObj* base, bool builtin) {
  auto* c = new ClassObj();
  incref(c);  // built-in types live as long as the process
  c->name = intern(name);
  c->qualname = name;
  c->is_builtin = builtin;
  c->dict = new Dict();
  if (base) c->bases.push_back(base);
  compute_mro(*this, c);
  builtins_->set(*this, Value(c->name.get()), Value(c));
  return c;
}

void Interpreter::def_builtin(const char* name, NativeFn fn) {
  builtins_->set(*this, Value(intern(name).get()), make_native_function(name, std::move(fn)));
}

void Interpreter::def_method(ClassObj* cls, const char* name, NativeFn fn) {
  add_method(*cls, name, std::move(fn));
}

Value new_set_from(Interpreter& in, const Value& iterable, bool frozen) {
  auto* s = new Set(frozen);
  Value sv(s);
  if (iterable.is(Kind::Set) || iterable.is(Kind::FrozenSet)) {
    Set* o = iterable.as<Set>();
    if (o->fill == o->used && o->table.size() == s->table.size()) {
      s->table = o->table;
      s->fill = o->fill;
      s->used = o->used;
      return sv;
    }
    o->for_each([&](const Value& k) { s->add(in, k); });
    return sv;
  }
  Value it = in.iter(iterable);
  Value x;
  while (in.next(it, x)) s->add(in, x);
  return sv;
}

void dict_update(Interpreter& in, Dict* d, const Value& src) {
  if (src.is(Kind::Dict)) {
    src.as<Dict>()->for_each([&](const Value& k, const Value& v) { d->set(in, k, v); });
    return;
  }
  Value m;
  if (src.is(Kind::Instance) && in.has_special(src, in.names->keys.get(), m)) {
    for (auto& k : in.to_vector(in.call(m, &src, 1))) d->set(in, k, in.getitem(src, k));
    return;
  }
  Value it = in.iter(src);
  Value x;
  size_t idx = 0;
  while (in.next(it, x)) {
    std::vector<Value> pair;
    if (x.is(Kind::Tuple) || x.is(Kind::List)) pair = in.to_vector(x);
    else {
      if (!x.is(Kind::Str) && !x.is(Kind::Instance))
        in.raise("TypeError", "cannot convert dictionary update sequence element #" + std::to_string(idx) + " to a sequence");
      pair = in.to_vector(x);
    }
    if (pair.size() != 2)
      in.raise("ValueError", "dictionary update sequence element #" + std::to_string(idx) + " has length " +
                                 std::to_string(pair.size()) + "; 2 is required");
    d->set(in, pair[0], pair[1]);
    ++idx;
  }
}

static Value float_from_string(Interpreter& in, const std::string& s0) {
  std::string s;
  size_t a = s0.find_first_not_of(" \t\n\r\f\v");
  size_t b = s0.find_last_not_of(" \t\n\r\f\v");
  if (a != std::string::npos) s = s0.substr(a, b - a + 1);
  std::string clean;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i > 0 && i + 1 < s.size() && std::isdigit((unsigned char)s[i - 1]) && std::isdigit((unsigned char)s[i + 1])) continue;
    clean += s[i];
  }
  std::string low;
  for (char c : clean) low += char(std::tolower((unsigned char)c));
  std::string body = low;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body = body.substr(1);
  }
  if (body == "inf" || body == "infinity") return Value::floating(neg ? -INFINITY : INFINITY);
  if (body == "nan") return Value::floating(NAN);
  bool ok = !clean.empty();
  for (char c : clean)
    if (!(std::isdigit((unsigned char)c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) ok = false;
  if (ok) {
    char* end = nullptr;
    double d = std::strtod(clean.c_str(), &end);
    if (end && *end == 0) return Value::floating(d);
  }
  in.raise("ValueError", "could not convert string to float: " + str_repr(s0));
}

Value exception_default_str(Interpreter& in, const Value& v) {
  auto* e = v.as<ExceptionObj>();
  auto& items = e->args.as<Tuple>()->items;
  if (items.empty()) return in.new_str("");
  if (items.size() == 1) {
    if (e->cls->is_subclass_of(in.exception_class("KeyError"))) return in.new_str(in.repr(items[0]));
    return in.new_str(in.str(items[0]));
  }
  return in.new_str(in.repr(e->args));
}

void Interpreter::init_types() {
  types.object = make_type("object", nullptr);
  types.type = make_type("type", types.object);
  types.int_ = make_type("int", types.object);
  types.bool_ = make_type("bool", types.int_);
  types.float_ = make_type("float", types.object);
  types.str = make_type("str", types.object);
  types.list = make_type("list", types.object);
  types.tuple = make_type("tuple", types.object);
  types.dict = make_type("dict", types.object);
  types.set = make_type("set", types.object);
  types.frozenset = make_type("frozenset", types.object);
  types.range = make_type("range", types.object);
  types.slice = make_type("slice", types.object);
  types.property = make_type("property", types.object);
  types.staticmethod = make_type("staticmethod", types.object);
  types.classmethod = make_type("classmethod", types.object);
  types.super = make_type("super", types.object);
  auto hidden = [&](const char* n) {
    ClassObj* c = make_type(n, types.object);
    builtins_->erase(*this, Value(c->name.get()));
    return c;
  };
  types.none = hidden("NoneType");
  types.none->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    if (a.size() || a.nkw) in.raise("TypeError", "NoneType takes no arguments");
    return Value();
  };
  types.function = hidden("function");
  types.builtin_function = hidden("builtin_function_or_method");
  types.method = hidden("method");
  types.module = hidden("module");
  types.generator = hidden("generator");
  types.coroutine = hidden("coroutine");
  types.async_generator = hidden("async_generator");
  types.cell = hidden("cell");
  types.notimplemented = hidden("NotImplementedType");
  types.ellipsis = hidden("ellipsis");
  types.dict_keys = hidden("dict_keys");
  types.dict_values = hidden("dict_values");
  types.dict_items = hidden("dict_items");
  not_implemented = make_singleton(Kind::NotImplementedType);
  ellipsis = make_ellipsis();
  builtins_->set_str(*this, "NotImplemented", not_implemented);
  builtins_->set_str(*this, "Ellipsis", ellipsis);
  builtins_->set_str(*this, "None", Value());
  builtins_->set_str(*this, "True", Value::boolean(true));
  builtins_->set_str(*this, "False", Value::boolean(false));
  builtins_->set_str(*this, "__name__", new_str("builtins"));

  types.object->ctor = [](Interpreter&, ClassObj* cls, const Args&) -> Value { return Value(new Instance(cls)); };
  types.int_->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    if (a.size() == 0 && !a.kw("base")) return Value::integer(0);
    const Value* basev = a.get(1, "base");
    const Value& x = a.size() ? a[0] : *a.kw("x");
    if (basev) {
      if (!x.is(Kind::Str)) in.raise("TypeError", "int() can't convert non-string with explicit base");
      int64_t base = in.to_index(*basev);
      if (base != 0 && (base < 2 || base > 36)) in.raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
      bool ok;
      Value r = int_parse(in, x.as<Str>()->s, int(base), ok);
      if (!ok) in.raise("ValueError", "invalid literal for int() with base " + std::to_string(base) + ": " + str_repr(x.as<Str>()->s));
      return r;
    }
    if (x.is_int()) return x;
    if (x.is_bool()) return Value::integer(x.as_int());
    if (x.is(Kind::BigInt)) return x;
    if (x.is_float()) return int_from_double(in, x.as_float());
    if (x.is(Kind::Str)) {
      bool ok;
      Value r = int_parse(in, x.as<Str>()->s, 10, ok);
      if (!ok) in.raise("ValueError", "invalid literal for int() with base 10: " + str_repr(x.as<Str>()->s));
      return r;
    }
    Value m;
    if (in.has_special(x, in.names->int_.get(), m) && !m.is(Kind::NativeFunction)) return in.call(m, &x, 1);
    if (in.has_special(x, in.names->index.get(), m) && !m.is(Kind::NativeFunction)) return in.call(m, &x, 1);
    in.raise("TypeError", "int() argument must be a string, a bytes-like object or a real number, not '" + in.type_name(x) + "'");
  };
  types.bool_->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "bool", 0, 1);
    return Value::boolean(a.size() && in.truthy(a[0]));
  };
  types.float_->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "float", 0, 1);
    if (a.size() == 0) return Value::floating(0.0);
    const Value& x = a[0];
    if (x.is_float()) return x;
    if (x.is_int() || x.is_bool() || x.is(Kind::BigInt)) return Value::floating(in.to_double(x));
    if (x.is(Kind::Str)) return float_from_string(in, x.as<Str>()->s);
    Value m;
    if (in.has_special(x, in.names->float_.get(), m) && !m.is(Kind::NativeFunction)) return in.call(m, &x, 1);
    in.raise("TypeError", "float() argument must be a string or a real number, not '" + in.type_name(x) + "'");
  };
  types.str->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    if (a.size() == 0) return in.new_str("");
    if (a[0].is(Kind::Str)) return a[0];
    return in.new_str(in.str(a[0]));
  };
  types.list->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "list", 0, 1);
    return in.new_list(a.size() ? in.to_vector(a[0]) : std::vector<Value>{});
  };
  types.tuple->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "tuple", 0, 1);
    if (a.size() && a[0].is(Kind::Tuple)) return a[0];
    return in.new_tuple(a.size() ? in.to_vector(a[0]) : std::vector<Value>{});
  };
  types.dict->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    auto* d = new Dict();
    Value dv(d);
    if (a.size() > 1) in.raise("TypeError", "dict expected at most 1 argument, got " + std::to_string(a.size()));
    if (a.size()) dict_update(in, d, a[0]);
    for (size_t i = 0; i < a.nkw; ++i) d->set(in, a.kwnames[i], a.kwvalues[i]);
    return dv;
  };
  types.set->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "set", 0, 1);
    return a.size() ? new_set_from(in, a[0], false) : Value(new Set());
  };
  types.frozenset->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "frozenset", 0, 1);
    return a.size() ? new_set_from(in, a[0], true) : Value(new Set(true));
  };
  types.range->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    if (a.size() == 0) in.raise("TypeError", "range expected at least 1 argument, got 0");
    if (a.size() > 3) in.raise("TypeError", "range expected at most 3 arguments, got " + std::to_string(a.size()));
    for (size_t i = 0; i < a.size(); ++i)
      if (!(a[i].is_int() || a[i].is_bool() || a[i].is(Kind::Instance)))
        in.raise("TypeError", "'" + in.type_name(a[i]) + "' object cannot be interpreted as an integer");
    int64_t start = 0, stop, step = 1;
    if (a.size() == 1) stop = in.to_index(a[0]);
    else {
      start = in.to_index(a[0]);
      stop = in.to_index(a[1]);
      if (a.size() == 3) step = in.to_index(a[2]);
    }
    if (step == 0) in.raise("ValueError", "range() arg 3 must not be zero");
    return Value(new Range(start, stop, step));
  };
  types.slice->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "slice", 1, 3);
    if (a.size() == 1) return Value(new Slice(Value(), a[0], Value()));
    return Value(new Slice(a[0], a[1], a.size() > 2 ? a[2] : Value()));
  };
  types.property->ctor = [](Interpreter&, ClassObj*, const Args& a) -> Value {
    auto* p = new Property();
    Value pv(p);
    if (const Value* g = a.get(0, "fget")) p->fget = *g;
    if (const Value* s = a.get(1, "fset")) p->fset = *s;
    if (const Value* d = a.get(2, "fdel")) p->fdel = *d;
    return pv;
  };
  types.staticmethod->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "staticmethod", 1, 1);
    return Value(new StaticMethod(a[0]));
  };
  types.classmethod->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    check_args(in, a, "classmethod", 1, 1);
    return Value(new ClassMethod(a[0]));
  };
  types.super->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    if (a.size() == 2) {
      if (!a[0].is(Kind::Class)) in.raise("TypeError", "super() argument 1 must be a type, not " + in.type_name(a[0]));
      return Value(new Super(a[0].as<ClassObj>(), a[1]));
    }
    Frame* f = in.frame_;
    if (!f || !f->func || !f->code || f->code->type == Code::Module || f->code->nparams_pos + (f->code->vararg_slot >= 0) == 0)
      in.raise("RuntimeError", "super(): no arguments");
    ClassObj* owner = f->func->owner_class.get();
    if (!owner) in.raise("RuntimeError", "super(): __class__ cell not found");
    Value self = f->locals[0];
    if (self.is(Kind::Cell)) self = self.as<Cell>()->value;
    return Value(new Super(owner, self));
  };
  types.type->ctor = [](Interpreter& in, ClassObj*, const Args& a) -> Value {
    if (a.size() == 1) return Value(in.type_of(a[0]));
    if (a.size() != 3) in.raise("TypeError", "type() takes 1 or 3 arguments");
    const char* wanted[] = {"str", "tuple", "dict"};
    Kind kinds[] = {Kind::Str, Kind::Tuple, Kind::Dict};
    for (int i = 0; i < 3; ++i)
      if (!a[size_t(i)].is(kinds[i]))
        in.raise("TypeError", "type.__new__() argument " + std::to_string(i + 1) + " must be " + wanted[i] +
                                  ", not " + in.type_name(a[size_t(i)]));
    std::vector<Ref<ClassObj>> bases;
    for (auto& b : a[1].as<Tuple>()->items) {
      if (!b.is(Kind::Class))
        in.raise("TypeError", "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass "
                              "of the metaclasses of all its bases");
      in.check_base(b.as<ClassObj>(), a[0].as<Str>());
      bases.push_back(b.as<ClassObj>());
    }
    Ref<ClassObj> c = in.new_class(in.str(a[0]), "__main__", bases);
    a[2].as<Dict>()->for_each([&](const Value& k, const Value& v) { c->dict->set(in, k, v); });
    return Value(c.get());
  };
}

ClassObj* Interpreter::make_exception_class(const char* name, ClassObj* base) {
  ClassObj* c = make_type(name, base);
  c->is_builtin = false;  // instances are ExceptionObj created by the base ctor
  c->is_exception = true;
  exc_classes_[name] = c;
  return c;
}

void Interpreter::init_exceptions() {
  ClassObj* base = make_exception_class("BaseException", types.object);
  types.base_exception = base;
  base->ctor = [](Interpreter& in, ClassObj* cls, const Args& a) -> Value {
    Ref<ExceptionObj> e(new ExceptionObj(cls));
    e->args = in.new_tuple(std::vector<Value>(a.pos, a.pos + a.npos));
    return Value(e.get());
  };
  def_method(base, "__init__", [](Interpreter& in, const Args& a) -> Value {
    a[0].as<ExceptionObj>()->args = in.new_tuple(std::vector<Value>(a.pos + 1, a.pos + a.npos));
    return Value();
  });
  def_method(base, "__str__", [](Interpreter& in, const Args& a) -> Value { return exception_default_str(in, a[0]); });
  def_method(base, "__repr__", [](Interpreter& in, const Args& a) -> Value {
    auto* e = a[0].as<ExceptionObj>();
    std::string s = e->cls->name->s + "(";
    auto& items = e->args.as<Tuple>()->items;
    for (size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + in.repr(items[i]);
    return in.new_str(s + ")");
  });
  def_method(base, "with_traceback", [](Interpreter&, const Args& a) -> Value { return a[0]; });
  def_method(base, "add_note", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 2) in.raise("TypeError", "BaseException.add_note() takes exactly one argument (" + std::to_string(a.size() - 1) + " given)");
    if (!a[1].is(Kind::Str)) in.raise("TypeError", "note must be a str, not '" + in.type_name(a[1]) + "'");
    Value notes;
    Ref<Str> key = in.intern("__notes__");
    if (!in.getattr_opt(a[0], key.get(), notes)) {
      notes = in.new_list();
      in.setattr(a[0], key.get(), notes);
    }
    notes.as<List>()->items.push_back(a[1]);
    return Value();
  });
  struct Def {
    const char* name;
    const char* base;
  };
  static const Def defs[] = {
      {"BaseExceptionGroup", "BaseException"}, {"GeneratorExit", "BaseException"}, {"KeyboardInterrupt", "BaseException"},
      {"SystemExit", "BaseException"}, {"Exception", "BaseException"}, {"ArithmeticError", "Exception"},
      {"FloatingPointError", "ArithmeticError"}, {"OverflowError", "ArithmeticError"}, {"ZeroDivisionError", "ArithmeticError"},
      {"AssertionError", "Exception"}, {"AttributeError", "Exception"}, {"BufferError", "Exception"}, {"EOFError", "Exception"},
      {"ImportError", "Exception"}, {"ModuleNotFoundError", "ImportError"}, {"LookupError", "Exception"},
      {"IndexError", "LookupError"}, {"KeyError", "LookupError"}, {"MemoryError", "Exception"}, {"NameError", "Exception"},
      {"UnboundLocalError", "NameError"}, {"OSError", "Exception"}, {"ConnectionError", "OSError"},
      {"BrokenPipeError", "ConnectionError"}, {"ConnectionAbortedError", "ConnectionError"},
      {"ConnectionRefusedError", "ConnectionError"}, {"ConnectionResetError", "ConnectionError"},
      {"FileExistsError", "OSError"}, {"FileNotFoundError", "OSError"}, {"InterruptedError", "OSError"},
      {"PermissionError", "OSError"}, {"TimeoutError", "OSError"}, {"BlockingIOError", "OSError"},
      {"ReferenceError", "Exception"}, {"RuntimeError", "Exception"}, {"NotImplementedError", "RuntimeError"},
      {"RecursionError", "RuntimeError"}, {"StopAsyncIteration", "Exception"}, {"StopIteration", "Exception"},
      {"SyntaxError", "Exception"}, {"IndentationError", "SyntaxError"}, {"TabError", "IndentationError"},
      {"SystemError", "Exception"}, {"TypeError", "Exception"}, {"ValueError", "Exception"},
      {"UnicodeError", "ValueError"}, {"UnicodeDecodeError", "UnicodeError"}, {"UnicodeEncodeError", "UnicodeError"},
      {"Warning", "Exception"}, {"UserWarning", "Warning"}, {"DeprecationWarning", "Warning"},
      {"RuntimeWarning", "Warning"}, {"FutureWarning", "Warning"}, {"SyntaxWarning", "Warning"},
      {"PendingDeprecationWarning", "Warning"}, {"ImportWarning", "Warning"}, {"UnicodeWarning", "Warning"},
      {"BytesWarning", "Warning"}, {"ResourceWarning", "Warning"}, {"EncodingWarning", "Warning"},
      {"ChildProcessError", "OSError"}, {"IsADirectoryError", "OSError"}, {"NotADirectoryError", "OSError"},
      {"ProcessLookupError", "OSError"}, {"UnicodeTranslateError", "UnicodeError"}};
  for (auto& d : defs) make_exception_class(d.name, exc_classes_[d.base]);
  // CPython's AttributeError has `name` and `obj`, NameError `name`: None unless the interpreter
  // raised it (raise_attribute_error, raise_name_error set them on the instance).
  exc_classes_["AttributeError"]->dict->set_str(*this, "name", Value());
  exc_classes_["AttributeError"]->dict->set_str(*this, "obj", Value());
  exc_classes_["NameError"]->dict->set_str(*this, "name", Value());
  builtins_->set_str(*this, "EnvironmentError", Value(exc_classes_["OSError"]));
  builtins_->set_str(*this, "IOError", Value(exc_classes_["OSError"]));
  // ExceptionGroup derives from both BaseExceptionGroup and Exception
  {
    auto* c = new ClassObj();
    incref(c);
    c->name = intern("ExceptionGroup");
    c->qualname = "ExceptionGroup";
    c->is_exception = true;
    c->dict = new Dict();
    c->bases = {exc_classes_["BaseExceptionGroup"], exc_classes_["Exception"]};
    compute_mro(*this, c);
    builtins_->set(*this, Value(c->name.get()), Value(c));
    exc_classes_["ExceptionGroup"] = c;
  }
  ClassObj* beg = exc_classes_["BaseExceptionGroup"];
  def_method(beg, "__init__", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 3) in.raise("TypeError", "BaseExceptionGroup.__new__() takes exactly 2 arguments (" + std::to_string(a.size() - 1) + " given)");
    auto* e = a[0].as<ExceptionObj>();
    std::vector<Value> excs = in.to_vector(a[2]);
    if (excs.empty()) in.raise("ValueError", "second argument (exceptions) must be a non-empty sequence");
    for (const Value& x : excs)
      if (!x.is(Kind::Exception)) in.raise("ValueError", "Item " + std::to_string(&x - excs.data()) + " of second argument (exceptions) is not an exception");
    ClassObj* fitting = group_class_for(in, excs);
    // BaseExceptionGroup(...) of Exceptions makes an ExceptionGroup (BaseExceptionGroup.__new__).
    if (e->cls.get() == in.exception_class("BaseExceptionGroup")) e->cls = fitting;
    if (e->cls->is_subclass_of(in.exception_class("Exception")) && fitting != in.exception_class("ExceptionGroup"))
      in.raise("TypeError", "Cannot nest BaseExceptions in an ExceptionGroup");
    init_group(in, e, a[1], excs, in.new_list(excs));
    return Value();
  });
  install_exception_group_methods(*this);
  def_method(beg, "__str__", [](Interpreter& in, const Args& a) -> Value {
    auto* e = a[0].as<ExceptionObj>();
    Value* msg = e->dict ? e->dict->find_str("message") : nullptr;
    Value* ex = e->dict ? e->dict->find_str("exceptions") : nullptr;
    size_t n = ex ? ex->as<Tuple>()->items.size() : 0;
    return in.new_str((msg ? in.str(*msg) : "") + " (" + std::to_string(n) + " sub-exception" + (n == 1 ? "" : "s") + ")");
  });
  add_property(*exc_classes_["StopIteration"], "value", [](Interpreter&, const Args& a) -> Value {
    auto& items = a[0].as<ExceptionObj>()->args.as<Tuple>()->items;
    return items.empty() ? Value() : items[0];
  });
  add_property(*exc_classes_["SystemExit"], "code", [](Interpreter&, const Args& a) -> Value {
    auto& items = a[0].as<ExceptionObj>()->args.as<Tuple>()->items;
    return items.empty() ? Value() : items[0];
  });
}

// ------------------------------------------------------------- builtins
void sort_list(Interpreter& in, std::vector<Value>& items, const Value& key, bool reverse);

void Interpreter::init_builtins() {
  def_builtin("print", [](Interpreter& in, const Args& a) -> Value {
    std::string sep = " ", end = "\n";
    if (const Value* s = a.kw("sep"))
      if (!s->is_none()) {
        if (!s->is(Kind::Str)) in.raise("TypeError", "sep must be None or a string, not " + in.type_name(*s));
        sep = s->as<Str>()->s;
      }
    if (const Value* e = a.kw("end"))
      if (!e->is_none()) {
        if (!e->is(Kind::Str)) in.raise("TypeError", "end must be None or a string, not " + in.type_name(*e));
        end = e->as<Str>()->s;
      }
    std::string out;
    for (size_t i = 0; i < a.size(); ++i) {
      if (i) out += sep;
      out += in.str(a[i]);
    }
    out += end;
    const Value* file = a.kw("file");
    if (file && !file->is_none()) {
      if (file->is(Kind::Native) && dynamic_cast<StreamObj*>(file->obj())) {
        in.hooks().write(out, static_cast<StreamObj*>(file->obj())->err);
      } else {
        in.call_method(*file, "write", {in.new_str(out)});
      }
      return Value();
    }
    in.write_out(out);
    return Value();
  });
  def_builtin("len", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "len", 1, 1);
    return Value::integer(in.len(a[0]));
  });
  def_builtin("repr", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "repr", 1, 1);
    return in.new_str(in.repr(a[0]));
  });
  // repr() with every non-ASCII character escaped (\xNN, \uNNNN, \UNNNNNNNN).
  def_builtin("ascii", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "ascii", 1, 1);
    std::string out;
    for (uint32_t cp : utf8_decode(in.repr(a[0]))) {
      char buf[16];
      if (cp < 0x80) out += char(cp);
      else if (cp < 0x100) { std::snprintf(buf, sizeof buf, "\\x%02x", unsigned(cp)); out += buf; }
      else if (cp < 0x10000) { std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(cp)); out += buf; }
      else { std::snprintf(buf, sizeof buf, "\\U%08x", unsigned(cp)); out += buf; }
    }
    return in.new_str(out);
  });
  def_builtin("isinstance", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "isinstance", 2, 2);
    std::function<bool(const Value&)> check = [&](const Value& t) -> bool {
      if (t.is(Kind::Tuple)) {
        for (auto& x : t.as<Tuple>()->items)
          if (check(x)) return true;
        return false;
      }
      if (!t.is(Kind::Class)) in.raise("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
      return in.isinstance(a[0], t.as<ClassObj>());
    };
    return Value::boolean(check(a[1]));
  });
  def_builtin("issubclass", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "issubclass", 2, 2);
    if (!a[0].is(Kind::Class)) in.raise("TypeError", "issubclass() arg 1 must be a class");
    std::function<bool(const Value&)> check = [&](const Value& t) -> bool {
      if (t.is(Kind::Tuple)) {
        for (auto& x : t.as<Tuple>()->items)
          if (check(x)) return true;
        return false;
      }
      if (!t.is(Kind::Class)) in.raise("TypeError", "issubclass() arg 2 must be a class, a tuple of classes, or a union");
      return a[0].as<ClassObj>()->is_subclass_of(t.as<ClassObj>());
    };
    return Value::boolean(check(a[1]));
  });
  def_builtin("id", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "id", 1, 1);
    if (a[0].is_obj()) return Value::integer(int64_t(uintptr_t(a[0].obj())));
    // An int, float... has no address here: a number made from its hash, in unsigned arithmetic
    // (hash(1.5) * 32 overflowed).
    return Value::integer(int64_t((uint64_t(in.hash(a[0])) & 0xFFFFFFFFFull) * 32 + 0x7f0000000000ull));
  });
  def_builtin("hash", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "hash", 1, 1);
    return Value::integer(in.hash(a[0]));
  });
  def_builtin("callable", [](Interpreter& in, const Args& a) -> Value {
    const Value& v = a[0];
    Value m;
    bool c = v.is(Kind::Function) || v.is(Kind::NativeFunction) || v.is(Kind::BoundMethod) || v.is(Kind::Class) ||
             ((v.is(Kind::Instance) || v.is(Kind::Native)) && in.has_special(v, in.names->call.get(), m));
    return Value::boolean(c);
  });
  def_builtin("input", [](Interpreter& in, const Args& a) -> Value {
    if (a.size()) in.write_out(in.str(a[0]));
    auto line = in.hooks().read_line();
    if (!line) in.raise("EOFError", "EOF when reading a line");
    return in.new_str(*line);
  });
  def_builtin("aiter", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "aiter", 1, 1);
    Value m;
    if (!in.has_special(a[0], in.names->aiter.get(), m))
      in.raise("TypeError", "'" + in.type_name(a[0]) + "' object is not an async iterable");
    return in.call(m, &a[0], 1);
  });
  def_builtin("anext", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "anext", 1, 2);
    Value m;
    if (!in.has_special(a[0], in.names->anext.get(), m))
      in.raise("TypeError", "'" + in.type_name(a[0]) + "' object is not an async iterator");
    Value awaitable = in.call(m, &a[0], 1);
    if (a.size() == 1) return awaitable;
    // With a default: an awaitable that gives the default for StopAsyncIteration
    // (script/lib/_loopscope_builtins.py).
    Value helpers = in.import_module("_loopscope_builtins");
    Value args[2] = {awaitable, a[1]};
    return in.call(in.getattr(helpers, in.intern("anext_default").get()), args, 2);
  });
  def_builtin("iter", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "iter", 1, 2);
    return in.iter(a[0]);
  });
  def_builtin("next", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "next", 1, 2);
    Value out;
    const Value& it = a[0];
    if (!it.is(Kind::Iterator) && !it.is(Kind::Generator)) {
      Value m;
      if (!in.has_special(it, in.names->next.get(), m))
        in.raise("TypeError", "'" + in.type_name(it) + "' object is not an iterator");
      if (a.size() == 2) {
        try {
          return in.call(m, &it, 1);
        } catch (PyException& e) {
          if (e.exc->cls->is_subclass_of(in.exception_class("StopIteration"))) return a[1];
          throw;
        }
      }
      return in.call(m, &it, 1);
    }
    if (it.is(Kind::Generator)) {
      auto* g = it.as<GeneratorObj>();
      if (g->flavor != GeneratorObj::Gen) in.raise("TypeError", "'" + in.type_name(it) + "' object is not an iterator");
      bool done = false;
      Value v = in.generator_send(g, Value(), &done);
      if (!done) return v;
      if (a.size() == 2) return a[1];
      throw PyException(in.new_exception(in.exception_class("StopIteration"),
                                         v.is_none() ? std::vector<Value>{} : std::vector<Value>{v}));
    }
    if (in.next(it, out)) return out;
    if (a.size() == 2) return a[1];
    throw PyException(in.new_exception(in.exception_class("StopIteration"), std::vector<Value>{}));
  });
  def_builtin("any", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "any", 1, 1);
    Value it = in.iter(a[0]), x;
    while (in.next(it, x))
      if (in.truthy(x)) return Value::boolean(true);
    return Value::boolean(false);
  });
  def_builtin("all", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "all", 1, 1);
    Value it = in.iter(a[0]), x;
    while (in.next(it, x))
      if (!in.truthy(x)) return Value::boolean(false);
    return Value::boolean(true);
  });
  def_builtin("sum", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "sum", 1, 2);
    Value acc = Value::integer(0);
    if (const Value* s = a.get(1, "start")) {
      if (s->is(Kind::Str)) in.raise("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
      acc = *s;
    }
    Value it = in.iter(a[0]), x;
    while (in.next(it, x)) {
      int64_t r;
      if (acc.is_int() && x.is_int() && !__builtin_add_overflow(acc.as_int(), x.as_int(), &r)) acc = Value::integer(r);
      else if (acc.is_float() && x.is_float()) acc = Value::floating(acc.as_float() + x.as_float());
      else acc = in.binary_op(BinOpKind::Add, acc, x);
    }
    return acc;
  });
  auto minmax = [](bool is_max) {
    return [is_max](Interpreter& in, const Args& a) -> Value {
      const char* name = is_max ? "max" : "min";
      const Value* key = a.kw("key");
      const Value* def = a.kw("default");
      std::vector<Value> items;
      if (a.size() == 0) in.raise("TypeError", std::string(name) + " expected at least 1 argument, got 0");
      if (a.size() == 1) items = in.to_vector(a[0]);
      else {
        if (def) in.raise("TypeError", std::string("Cannot specify a default for ") + name + "() with multiple positional arguments");
        items.assign(a.pos, a.pos + a.npos);
      }
      if (items.empty()) {
        if (def) return *def;
        in.raise("ValueError", std::string(name) + "() arg is an empty sequence");
      }
      bool use_key = key && !key->is_none();
      Value best = items[0];
      Value best_k = use_key ? in.call(*key, &best, 1) : best;
      for (size_t i = 1; i < items.size(); ++i) {
        Value k = use_key ? in.call(*key, &items[i], 1) : items[i];
        bool better = is_max ? in.lt(best_k, k) : in.lt(k, best_k);
        if (better) {
          best = items[i];
          best_k = k;
        }
      }
      return best;
    };
  };
  def_builtin("max", minmax(true));
  def_builtin("min", minmax(false));
  def_builtin("abs", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "abs", 1, 1);
    const Value& v = a[0];
    if (v.is_int() || v.is_bool() || v.is(Kind::BigInt)) return int_is_negative(v) ? int_negate(v) : (v.is_bool() ? Value::integer(v.as_int()) : v);
    if (v.is_float()) return Value::floating(std::fabs(v.as_float()));
    Value m;
    if (in.has_special(v, in.names->abs.get(), m)) return in.call(m, &v, 1);
    in.raise("TypeError", "bad operand type for abs(): '" + in.type_name(v) + "'");
  });
  def_builtin("round", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "round", 1, 2);
    const Value& x = a[0];
    const Value* nd = a.get(1, "ndigits");
    bool has_nd = nd && !nd->is_none();
    if (x.is_int() || x.is_bool() || x.is(Kind::BigInt)) {
      if (!has_nd || in.to_index(*nd) >= 0) return x.is_bool() ? Value::integer(x.as_int()) : x;
      int64_t k = -in.to_index(*nd);
      if (!x.is_int() || k > 18) return Value::integer(0);
      int64_t p = 1;
      for (int64_t i = 0; i < k; ++i) p *= 10;
      int64_t v = x.as_int();
      int64_t q = py_floordiv(v, p), r = v - q * p;
      if (r * 2 > p || (r * 2 == p && (q & 1))) ++q;
      return Value::integer(q * p);
    }
    if (x.is_float()) {
      double d = x.as_float();
      if (!has_nd) {
        double r = std::nearbyint(d);
        return int_from_double(in, r);
      }
      int64_t n = in.to_index(*nd);
      if (std::isinf(d) || std::isnan(d)) return x;
      if (n > 300) return x;
      if (n >= 0) {
        std::string s = format_float_fixed(d, int(n));
        return Value::floating(std::strtod(s.c_str(), nullptr));
      }
      double p = std::pow(10.0, double(-n));
      double y = std::nearbyint(d / p) * p;
      return Value::floating(y);
    }
    Value m;
    if (in.has_special(x, in.intern("__round__").get(), m)) {
      std::vector<Value> args{x};
      if (has_nd) args.push_back(*nd);
      return in.call(m, args.data(), args.size());
    }
    in.raise("TypeError", "type " + in.type_name(x) + " doesn't define __round__ method");
  });
  def_builtin("divmod", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "divmod", 2, 2);
    return in.new_tuple({in.binary_op(BinOpKind::FloorDiv, a[0], a[1]), in.binary_op(BinOpKind::Mod, a[0], a[1])});
  });
  def_builtin("pow", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "pow", 2, 3);
    if (a.size() == 3 && !a[2].is_none()) {
      int64_t b = in.to_index(a[0]), e = in.to_index(a[1]), m = in.to_index(a[2]);
      if (m == 0) in.raise("ValueError", "pow() 3rd argument cannot be 0");
      if (e < 0) {
        // A negative exponent takes the inverse of the base modulo m (Python 3.8+): extended Euclid.
        int64_t am = m < 0 ? -m : m;
        int64_t g = am, x = 0, rem = py_mod(b, am), y = 1;
        while (rem) {
          int64_t q = g / rem;
          g -= q * rem;
          std::swap(g, rem);
          x -= q * y;
          std::swap(x, y);
        }
        if (g != 1) in.raise("ValueError", "base is not invertible for the given modulus");
        b = py_mod(x, am);
      }
      uint64_t ue = e < 0 ? uint64_t(-(e + 1)) + 1 : uint64_t(e);
      __int128 r = 1, base = py_mod(b, m);
      while (ue) {
        if (ue & 1) r = (r * base) % m;
        base = (base * base) % m;
        ue >>= 1;
      }
      return Value::integer(py_mod(int64_t(r), m));
    }
    return in.binary_op(BinOpKind::Pow, a[0], a[1]);
  });
  def_builtin("chr", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "chr", 1, 1);
    int64_t c = in.to_index(a[0]);
    if (c < 0 || c > 0x10FFFF) in.raise("ValueError", "chr() arg not in range(0x110000)");
    std::string s;
    utf8_append(s, uint32_t(c));
    return in.new_str(s);
  });
  def_builtin("ord", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "ord", 1, 1);
    if (!a[0].is(Kind::Str)) in.raise("TypeError", "ord() expected string of length 1, but " + in.type_name(a[0]) + " found");
    auto cps = utf8_decode(a[0].as<Str>()->s);
    if (cps.size() != 1)
      in.raise("TypeError", "ord() expected a character, but string of length " + std::to_string(cps.size()) + " found");
    return Value::integer(cps[0]);
  });
  auto radix = [](const char* name, int base, const char* prefix) {
    return [=](Interpreter& in, const Args& a) -> Value {
      check_args(in, a, name, 1, 1);
      if (!(a[0].is_int() || a[0].is_bool() || a[0].is(Kind::BigInt)))
        in.raise("TypeError", "'" + in.type_name(a[0]) + "' object cannot be interpreted as an integer");
      std::string d = int_to_string(a[0], base);
      if (d[0] == '-') return in.new_str("-" + std::string(prefix) + d.substr(1));
      return in.new_str(prefix + d);
    };
  };
  def_builtin("hex", radix("hex", 16, "0x"));
  def_builtin("oct", radix("oct", 8, "0o"));
  def_builtin("bin", radix("bin", 2, "0b"));
  def_builtin("format", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "format", 1, 2);
    std::string spec = a.size() > 1 ? in.str(a[1]) : "";
    return in.new_str(in.format_value(a[0], spec));
  });
  def_builtin("getattr", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "getattr", 2, 3);
    Ref<Str> n = attribute_name(in, a[1]);
    if (a.size() == 3) {
      Value v;
      if (in.getattr_opt(a[0], n.get(), v)) return v;
      return a[2];
    }
    return in.getattr(a[0], n.get());
  });
  def_builtin("setattr", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "setattr", 3, 3);
    in.setattr(a[0], attribute_name(in, a[1]).get(), a[2]);
    return Value();
  });
  def_builtin("delattr", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "delattr", 2, 2);
    in.delattr(a[0], attribute_name(in, a[1]).get());
    return Value();
  });
  def_builtin("hasattr", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "hasattr", 2, 2);
    Value v;
    return Value::boolean(in.getattr_opt(a[0], attribute_name(in, a[1]).get(), v));
  });
  def_builtin("sorted", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 1) in.raise("TypeError", "sorted expected 1 argument, got " + std::to_string(a.size()));
    std::vector<Value> items = in.to_vector(a[0]);
    const Value* key = a.kw("key");
    const Value* rev = a.kw("reverse");
    sort_list(in, items, key ? *key : Value(), rev && in.truthy(*rev));
    return in.new_list(std::move(items));
  });
  def_builtin("reversed", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "reversed", 1, 1);
    const Value& s = a[0];
    if (s.is(Kind::Range)) {
      auto* r = s.as<Range>();
      int64_t n = r->length();
      return Value(new Range(r->at(n - 1), r->start - r->step, -r->step));
    }
    Value m;
    if ((s.is(Kind::Instance)) && in.has_special(s, in.intern("__reversed__").get(), m)) return in.call(m, &s, 1);
    if (s.is(Kind::Dict)) return in.iter(in.new_list([&] {
      auto v = in.to_vector(s);
      std::reverse(v.begin(), v.end());
      return v;
    }()));
    if (s.is(Kind::List) || s.is(Kind::Tuple) || s.is(Kind::Str) ||
        (s.is(Kind::Instance) && in.has_special(s, in.names->getitem.get(), m)))
      return Value(new ReversedIter(s, in.len(s)));
    in.raise("TypeError", "'" + in.type_name(s) + "' object is not reversible");
  });
  def_builtin("enumerate", [](Interpreter& in, const Args& a) -> Value {
    const Value* it = a.get(0, "iterable");
    if (!it) in.raise("TypeError", "enumerate() missing required argument 'iterable' (pos 1)");
    const Value* start = a.get(1, "start");
    return Value(new EnumerateIter(in.iter(*it), start ? *start : Value::integer(0)));
  });
  def_builtin("zip", [](Interpreter& in, const Args& a) -> Value {
    std::vector<Value> its;
    for (size_t i = 0; i < a.size(); ++i) its.push_back(in.iter(a[i]));
    const Value* strict = a.kw("strict");
    return Value(new ZipIter(std::move(its), strict && in.truthy(*strict)));
  });
  def_builtin("map", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() < 2) in.raise("TypeError", "map() must have at least two arguments.");
    std::vector<Value> its;
    for (size_t i = 1; i < a.size(); ++i) its.push_back(in.iter(a[i]));
    return Value(new MapIter(a[0], std::move(its)));
  });
  def_builtin("filter", [](Interpreter& in, const Args& a) -> Value {
    check_args(in, a, "filter", 2, 2);
    return Value(new FilterIter(a[0], in.iter(a[1])));
  });
  def_builtin("vars", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() == 0) return Value(in.frame_ ? in.frame_->globals : in.main_module()->dict.get());
    return in.getattr(a[0], in.names->dict.get());
  });
  def_builtin("globals", [](Interpreter& in, const Args&) -> Value {
    return Value(in.frame_ ? in.frame_->globals : in.main_module()->dict.get());
  });
  def_builtin("locals", [](Interpreter& in, const Args&) -> Value {
    Frame* f = in.frame_;
    if (!f || !f->code || f->code->type == Code::Module) return Value(f ? f->globals : in.main_module()->dict.get());
    if (f->ns) return Value(f->ns);
    auto* d = new Dict();
    Value dv(d);
    for (size_t i = 0; i < f->code->slot_names.size(); ++i) {
      Value v = f->locals[i];
      if (v.is(Kind::Cell)) v = v.as<Cell>()->value;
      if (!v.is_undef()) d->set(in, Value(f->code->slot_names[i].get()), v);
    }
    return dv;
  });
  def_builtin("dir", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() == 0) {
      std::vector<Value> names;
      (in.frame_ ? in.frame_->globals : in.main_module()->dict.get())->for_each([&](const Value& k, const Value&) { names.push_back(k); });
      sort_list(in, names, Value(), false);
      return in.new_list(std::move(names));
    }
    return in.new_list(in.dir_of(a[0]));
  });
  auto exit_fn = [](Interpreter& in, const Args& a) -> Value {
    throw PyException(in.new_exception(in.exception_class("SystemExit"), a.size() ? std::vector<Value>{a[0]} : std::vector<Value>{}));
  };
  def_builtin("exit", exit_fn);
  def_builtin("quit", exit_fn);
}

}  // namespace loopscope::script
