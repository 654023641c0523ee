// def, class and import statements.
#include <algorithm>

#include "runtime.hpp"

namespace loopscope::script {

namespace {
// A body's docstring: a string literal as its first statement; None when there is none.
Value docstring(const Block& body) {
  if (body.empty() || body[0]->kind != SK::Expr) return Value();
  const Expr* first = static_cast<const ExprStmt*>(body[0])->value;
  if (first->kind == EK::Constant && static_cast<const ConstantExpr*>(first)->value.is(Kind::Str))
    return static_cast<const ConstantExpr*>(first)->value;
  return Value();
}
}  // namespace

Value Interpreter::make_function(const Code* code, const std::vector<Value>& defaults,
                                 std::vector<Value> kwdefaults, std::vector<bool> has_kw, Frame& f) {
  auto* fn = new Function();
  Value fv(fn);
  fn->code = code;
  fn->globals = f.globals;
  fn->defaults = defaults;
  fn->kwdefaults = std::move(kwdefaults);
  fn->has_kwdefault = std::move(has_kw);
  fn->name = code->name;
  fn->qualname = code->qualname;
  if (code->body) fn->doc = docstring(*code->body);
  for (auto& fname : code->freevar_names) {
    Value cell;
    if (f.code) {
      for (size_t i = 0; i < f.code->slot_names.size(); ++i)
        if (f.code->slot_is_cell[i] && f.code->slot_names[i]->s == fname->s) {
          cell = f.locals[i];
          break;
        }
    }
    if (!cell.is(Kind::Cell)) {
      auto* c = new Cell();
      c->value = Value::undef();
      cell = Value(c);
    }
    fn->closure.push_back(cell);
  }
  return fv;
}

void Interpreter::exec_funcdef(const Stmt* s, Frame& f) {
  auto* d = static_cast<const FunctionDefStmt*>(s);
  std::vector<Value> decos;
  for (const Expr* e : d->decorators) decos.push_back(eval(e, f));
  std::vector<Value> defs, kwdefs;
  std::vector<bool> has;
  for (auto& p : d->params.positional)
    if (p.default_value) defs.push_back(eval(p.default_value, f));
  for (auto& p : d->params.kwonly) {
    has.push_back(p.default_value != nullptr);
    kwdefs.push_back(p.default_value ? eval(p.default_value, f) : Value());
  }
  Value fn = make_function(d->code, defs, std::move(kwdefs), std::move(has), f);
  // __annotations__: the parameters' in signature order, then 'return'. Made only for a def that
  // has some (getattr makes an empty one when asked), as a def runs each time its scope does.
  Ref<Dict> annotations;
  auto annotate = [&](Value key, const Expr* e) {
    if (!annotations) annotations = new Dict();
    annotations->set(*this, std::move(key), eval(e, f));
  };
  for_each_param(d->params, [&](const Param& p) {
    if (p.annotation) annotate(Value(p.name.get()), p.annotation);
  });
  if (d->returns) annotate(new_str("return"), d->returns);
  if (annotations) fn.as<Function>()->annotations = Value(annotations.get());
  for (size_t i = decos.size(); i-- > 0;) {
    f.current = d->decorators[i];
    fn = call(decos[i], &fn, 1);
  }
  assign(d->target, std::move(fn), f);
}

namespace {
// C3 linearization.
bool c3_merge(std::vector<std::vector<ClassObj*>> seqs, std::vector<ClassObj*>& out) {
  while (true) {
    seqs.erase(std::remove_if(seqs.begin(), seqs.end(), [](auto& s) { return s.empty(); }), seqs.end());
    if (seqs.empty()) return true;
    ClassObj* cand = nullptr;
    for (auto& s : seqs) {
      ClassObj* c = s[0];
      bool in_tail = false;
      for (auto& t : seqs)
        if (std::find(t.begin() + 1, t.end(), c) != t.end()) in_tail = true;
      if (!in_tail) {
        cand = c;
        break;
      }
    }
    if (!cand) return false;
    out.push_back(cand);
    for (auto& s : seqs)
      if (!s.empty() && s[0] == cand) s.erase(s.begin());
  }
}

// The C3 merge of several bases' orders (compute_mro's rare case, out of line so that the common
// one stays small: start-up makes a hundred classes, and in WebAssembly a big compute_mro was
// among the first functions V8 optimised).
[[gnu::noinline]] void merge_mro(Interpreter& in, ClassObj* cls) {
  std::vector<std::vector<ClassObj*>> seqs;
  for (auto& b : cls->bases) seqs.push_back(b->mro);
  std::vector<ClassObj*> bl;
  for (auto& b : cls->bases) bl.push_back(b.get());
  seqs.push_back(bl);
  std::vector<ClassObj*> rest;
  if (!c3_merge(seqs, rest)) {
    std::string names;
    for (auto& b : cls->bases) names += (names.empty() ? "" : ", ") + b->name->s;
    in.raise("TypeError", "Cannot create a consistent method resolution order (MRO) for bases " + names);
  }
  for (ClassObj* c : rest) cls->mro.push_back(c);
}
}  // namespace

void compute_mro(Interpreter& in, ClassObj* cls) {
  cls->mro.clear();
  cls->mro.push_back(cls);
  if (cls->bases.size() == 1) cls->mro.insert(cls->mro.end(), cls->bases[0]->mro.begin(), cls->bases[0]->mro.end());
  else merge_mro(in, cls);
}

// A base class a class statement may name. CPython refuses some built-in types outright (its
// message); of the rest, those whose instances are built-in objects here (a list, an int...)
// cannot carry a subclass yet: an instance would silently be a plain list without the
// subclass's methods, so the class statement says so instead.
void Interpreter::check_base(ClassObj* base, Str* class_name) {
  for (ClassObj* refused : {types.bool_, types.range, types.slice, types.none, types.function,
                            types.builtin_function, types.method, types.generator, types.coroutine,
                            types.async_generator, types.cell, types.notimplemented, types.ellipsis,
                            types.dict_keys, types.dict_values, types.dict_items})
    if (base == refused) raise("TypeError", "type '" + base->name->s + "' is not an acceptable base type");
  for (ClassObj* builtin : {types.int_, types.float_, types.str, types.list, types.tuple, types.dict, types.set,
                            types.frozenset, types.property, types.staticmethod, types.classmethod, types.super,
                            types.type})
    if (base == builtin)
      raise("NotImplementedError", "class " + class_name->s + "(" + base->name->s +
                                       "): Loopscope cannot subclass the built-in type '" + base->name->s +
                                       "' yet; keep a " + base->name->s + " in an attribute instead");
}

void Interpreter::exec_classdef(const Stmt* s, Frame& f) {
  auto* d = static_cast<const ClassDefStmt*>(s);
  std::vector<Value> decos;
  for (const Expr* e : d->decorators) decos.push_back(eval(e, f));
  std::vector<Ref<ClassObj>> bases;
  for (const Expr* e : d->bases) {
    Value b = eval(e, f);
    f.current = e;
    if (!b.is(Kind::Class)) raise("TypeError", "bases must be types");
    check_base(b.as<ClassObj>(), d->name.get());
    bases.push_back(b.as<ClassObj>());
  }
  for (auto& kw : d->keywords) eval(kw.value, f);  // metaclass=... is accepted and ignored
  Ref<Dict> ns(new Dict());
  Value* modname = dict_find_name(f.globals, names->name.get());
  ns->set(*this, Value(names->module.get()), modname ? *modname : new_str("__main__"));
  ns->set(*this, Value(names->qualname.get()), new_str(d->code->qualname));
  ns->set(*this, Value(names->doc.get()), docstring(*d->code->body));
  // run the body
  const Code* code = d->code;
  {
    LocalSlots slots(*this, code->slot_names.size());
    Value* locals = slots.p;
    Value tmp = make_function(code, {}, {}, {}, f);
    auto* fn = tmp.as<Function>();
    for (size_t i = 0; i < code->freevar_slots.size(); ++i) locals[code->freevar_slots[i]] = fn->closure[i];
    Frame fr;
    fr.code = code;
    fr.func = fn;
    fr.locals = locals;
    fr.globals = f.globals;
    fr.ns = ns.get();
    run_in_frame(*this, fr, [&] { exec_block(*code->body, fr); });
  }
  f.current = s;
  // type.__new__ takes __qualname__ out of the namespace: the class has one (see getattr), its
  // instances do not.
  std::string qualname = code->qualname;
  if (Value* q = dict_find_name(ns.get(), names->qualname.get())) {
    if (!q->is(Kind::Str)) raise("TypeError", "type __qualname__ must be a str, not " + type_name(*q));
    qualname = q->as<Str>()->s;
    ns->erase(*this, Value(names->qualname.get()));
  }
  auto* cls = new ClassObj();
  Value cv(cls);
  cls->name = d->name;
  cls->qualname = qualname;
  cls->module = modname && modname->is(Kind::Str) ? modname->as<Str>()->s : "__main__";
  if (bases.empty()) bases.push_back(types.object);
  cls->bases = bases;
  cls->dict = ns;
  for (auto& b : bases)
    if (b->is_exception) cls->is_exception = true;
  compute_mro(*this, cls);
  ns->for_each([&](const Value&, const Value& v) {
    Value fnv = v;
    if (v.is(Kind::StaticMethod)) fnv = v.as<StaticMethod>()->func;
    else if (v.is(Kind::ClassMethod)) fnv = v.as<ClassMethod>()->func;
    else if (v.is(Kind::Property)) fnv = v.as<Property>()->fget;
    if (fnv.is(Kind::Function)) fnv.as<Function>()->owner_class = cls;
    if (v.is(Kind::Property) && v.as<Property>()->fset.is(Kind::Function))
      v.as<Property>()->fset.as<Function>()->owner_class = cls;
  });
  for (size_t i = decos.size(); i-- > 0;) {
    f.current = d->decorators[i];
    cv = call(decos[i], &cv, 1);
  }
  assign(d->target, std::move(cv), f);
}

std::string Interpreter::definition_site(const Function& f) {
  return f.code->filename + ":" + std::to_string(f.code->first_line);
}

void Interpreter::exec_import(const Stmt* s, Frame& f) {
  auto* im = static_cast<const ImportStmt*>(s);
  if (s->kind == SK::Import) {
    for (auto& a : im->names) {
      Value m = import_module(a.dotted);
      if (!a.asname && a.dotted.find('.') != std::string::npos)
        m = import_module(a.dotted.substr(0, a.dotted.find('.')));
      assign(a.target, m, f);
    }
    return;
  }
  Value m = import_module(im->module);
  if (im->star) {
    finish_module(*m.as<Module>());
    m.as<Module>()->dict->for_each([&](const Value& k, const Value& v) {
      if (k.is(Kind::Str) && !k.as<Str>()->s.empty() && k.as<Str>()->s[0] != '_')
        f.globals->set(*this, k, v);
    });
    return;
  }
  for (auto& a : im->names) {
    Value v;
    Ref<Str> n = intern(a.dotted);
    if (!getattr_opt(m, n.get(), v)) {
      Value sub;
      auto it = module_inits_.find(im->module + "." + a.dotted);
      if (it != module_inits_.end()) {
        v = import_module(im->module + "." + a.dotted);
      } else {
        raise("ImportError", "cannot import name '" + a.dotted + "' from '" + im->module + "' (unknown location)");
      }
    }
    assign(a.target, v, f);
  }
}

bool Interpreter::finish_module(Module& m) {
  if (!m.deferred) return false;
  auto make = std::move(m.deferred);
  m.deferred = nullptr;
  make(*this, m);
  return true;
}

Value Interpreter::import_module(const std::string& name) {
  auto it = modules_.find(name);
  if (it != modules_.end()) return it->second;
  auto init = module_inits_.find(name);
  if (init == module_inits_.end()) raise("ModuleNotFoundError", "No module named '" + name + "'");
  auto* m = new Module();
  Value mv(m);
  m->name = intern(name);
  m->dict = new Dict();
  m->dict->set(*this, Value(names->name.get()), new_str(name));
  modules_[name] = mv;
  try {
    init->second(*this, *m);
  } catch (...) {
    modules_.erase(name);
    throw;
  }
  // make `import a.b` reachable as attribute b of module a
  size_t dot = name.rfind('.');
  if (dot != std::string::npos) {
    Value parent = import_module(name.substr(0, dot));
    parent.as<Module>()->dict->set(*this, new_str(name.substr(dot + 1)), mv);
  }
  return mv;
}

}  // namespace loopscope::script
