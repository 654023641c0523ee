// Interpreter setup, module registry, raising, running programs and
// CPython-style error reports.
#include "loopscope/script/interpreter.hpp"

#include <cassert>
#include <chrono>
#include <iostream>
#include <set>

#include "lexer.hpp"
#include "parser.hpp"
#include "resolver.hpp"
#include "runtime.hpp"

namespace loopscope::script {

Value make_ellipsis();

Interpreter::Interpreter(Options options, HostHooks hooks) : opts_(std::move(options)), hooks_(std::move(hooks)) {
  if (!hooks_.write)
    hooks_.write = [](std::string_view s, bool err) {
      if (err) {
        std::cout.flush();
        std::cerr << s;
        std::cerr.flush();
      } else {
        std::cout << s;
      }
    };
  if (!hooks_.read_line)
    hooks_.read_line = []() -> std::optional<std::string> {
      std::string line;
      if (!std::getline(std::cin, line)) return std::nullopt;
      return line;
    };
  if (!hooks_.monotonic)
    hooks_.monotonic = [] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    };
  if (!hooks_.wall_clock)
    hooks_.wall_clock = [] {
      return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    };
  if (opts_.argv.empty()) opts_.argv.push_back(opts_.filename);
  budget_left_ = opts_.budget_interval;
  names = std::make_unique<Names>();
  auto& n = *names;
  n.init = intern("__init__"); n.new_ = intern("__new__"); n.str = intern("__str__"); n.repr = intern("__repr__");
  n.call = intern("__call__"); n.len = intern("__len__"); n.iter = intern("__iter__"); n.next = intern("__next__");
  n.getitem = intern("__getitem__"); n.setitem = intern("__setitem__"); n.delitem = intern("__delitem__");
  n.contains = intern("__contains__"); n.eq = intern("__eq__"); n.ne = intern("__ne__"); n.lt = intern("__lt__");
  n.le = intern("__le__"); n.gt = intern("__gt__"); n.ge = intern("__ge__"); n.hash = intern("__hash__");
  n.bool_ = intern("__bool__"); n.enter = intern("__enter__"); n.exit = intern("__exit__");
  n.aenter = intern("__aenter__"); n.aexit = intern("__aexit__"); n.aiter = intern("__aiter__");
  n.anext = intern("__anext__"); n.getattr = intern("__getattr__"); n.setattr = intern("__setattr__");
  n.name = intern("__name__"); n.qualname = intern("__qualname__"); n.module = intern("__module__");
  n.doc = intern("__doc__"); n.dict = intern("__dict__"); n.class_ = intern("__class__"); n.add = intern("__add__");
  n.sub = intern("__sub__"); n.mul = intern("__mul__"); n.truediv = intern("__truediv__");
  n.floordiv = intern("__floordiv__"); n.mod = intern("__mod__"); n.pow = intern("__pow__");
  n.lshift = intern("__lshift__"); n.rshift = intern("__rshift__"); n.or_ = intern("__or__");
  n.xor_ = intern("__xor__"); n.and_ = intern("__and__"); n.matmul = intern("__matmul__"); n.neg = intern("__neg__");
  n.pos = intern("__pos__"); n.invert = intern("__invert__"); n.abs = intern("__abs__"); n.index = intern("__index__");
  n.int_ = intern("__int__"); n.float_ = intern("__float__"); n.format = intern("__format__"); n.args = intern("args");
  n.await_ = intern("__await__"); n.del = intern("__del__"); n.self = intern("self"); n.main = intern("__main__");
  n.append = intern("append"); n.join = intern("join"); n.keys = intern("keys"); n.items = intern("items");
  n.values = intern("values"); n.get = intern("get"); n.bases = intern("__bases__"); n.mro = intern("__mro__");
  n.annotations = intern("__annotations__");
  builtins_ = new Dict();
  init_types();
  init_exceptions();
  init_builtins();
  init_type_methods();
  init_str_methods();
  init_container_methods();
  init_modules();
  main_ = new Module();
  main_->name = intern("__main__");
  main_->dict = new Dict();
  main_->dict->set(*this, Value(names->name.get()), new_str("__main__"));
  main_->dict->set(*this, new_str("__builtins__"), Value());
  main_->dict->set(*this, Value(names->doc.get()), Value());
  main_->dict->set(*this, new_str("__file__"), new_str(opts_.filename));  // the program's path, as python3 sets it
  modules_["__main__"] = Value(main_.get());
}

Interpreter::~Interpreter() {
  // Release module state while the interpreter is still usable for
  // "never awaited" warnings emitted by destructors.
  frame_ = nullptr;
  if (main_) main_->dict->clear();
  modules_.clear();
}

Ref<Str> Interpreter::intern(std::string_view s) {
  auto it = interned_.find(std::string(s));
  if (it != interned_.end()) return it->second;
  Ref<Str> r(new Str(std::string(s)));
  r->interned = true;
  r->hash = hash_bytes(r->s);
  interned_.emplace(r->s, r);
  return r;
}

void Interpreter::budget_expired() {
  budget_left_ = opts_.budget_interval;
  if (hooks_.on_budget) hooks_.on_budget(*this);
}

// ----------------------------------------------------------- module API
void Interpreter::register_module(const std::string& name, ModuleInit init) {
  module_inits_[name] = std::move(init);
  modules_.erase(name);
}

Value Interpreter::make_native_function(const std::string& name, NativeFn fn) {
  return Value(new NativeFunction(name, std::move(fn)));
}

void Interpreter::add_function(Module& m, const std::string& name, NativeFn fn) {
  m.dict->set(*this, Value(intern(name).get()), make_native_function(name, std::move(fn)));
}

void Interpreter::set_attr(Module& m, const std::string& name, Value v) {
  m.dict->set(*this, Value(intern(name).get()), std::move(v));
}

void compute_mro(Interpreter& in, ClassObj* cls);

Ref<ClassObj> Interpreter::new_class(const std::string& name, const std::string& module,
                                     std::vector<Ref<ClassObj>> bases) {
  Ref<ClassObj> c(new ClassObj());
  c->name = intern(name);
  c->qualname = name;
  c->module = module;
  if (bases.empty()) bases.push_back(types.object);
  c->bases = std::move(bases);
  c->dict = new Dict();
  for (auto& b : c->bases)
    if (b->is_exception) c->is_exception = true;
  compute_mro(*this, c.get());
  c->dict->set(*this, Value(names->module.get()), new_str(module));
  return c;
}

void Interpreter::add_method(ClassObj& cls, const std::string& name, NativeFn fn) {
  Value method = make_native_function(name, std::move(fn));
  method.as<NativeFunction>()->owner = &cls;
  cls.dict->set(*this, Value(intern(name).get()), std::move(method));
}

// An unbound built-in method called with a first argument that is not an instance of its class
// would run its C++ code on the wrong kind of object: CPython's TypeError instead (its messages
// differ for slot wrappers such as __len__ and for ordinary methods).
void Interpreter::check_receiver(const NativeFunction& nf, const Value* args, size_t nargs) {
  const std::string& cls = nf.owner->name->s;
  bool dunder = nf.name.size() > 4 && nf.name.compare(0, 2, "__") == 0 &&
                nf.name.compare(nf.name.size() - 2, 2, "__") == 0;
  if (nargs == 0)
    raise("TypeError", dunder ? "descriptor '" + nf.name + "' of '" + cls + "' object needs an argument"
                              : "unbound method " + cls + "." + nf.name + "() needs an argument");
  if (isinstance(args[0], nf.owner)) return;
  raise("TypeError", dunder ? "descriptor '" + nf.name + "' requires a '" + cls + "' object but received a '" +
                                  type_name(args[0]) + "'"
                            : "descriptor '" + nf.name + "' for '" + cls + "' objects doesn't apply to a '" +
                                  type_name(args[0]) + "' object");
}

void Interpreter::add_static_method(ClassObj& cls, const std::string& name, NativeFn fn) {
  cls.dict->set(*this, Value(intern(name).get()), Value(new StaticMethod(make_native_function(name, std::move(fn)))));
}

void Interpreter::add_property(ClassObj& cls, const std::string& name, NativeFn getter, NativeFn setter) {
  auto* p = new Property();
  Value pv(p);
  p->fget = make_native_function(name, std::move(getter));
  if (setter) p->fset = make_native_function(name, std::move(setter));
  cls.dict->set(*this, Value(intern(name).get()), pv);
}

void Interpreter::set_constructor(ClassObj& cls, NativeCtor ctor) { cls.ctor = std::move(ctor); }

// ------------------------------------------------------------ exceptions
ClassObj* Interpreter::exception_class(std::string_view name) {
  auto it = exc_classes_.find(std::string(name));
  return it == exc_classes_.end() ? nullptr : it->second;
}

Ref<ExceptionObj> Interpreter::new_exception(ClassObj* cls, std::vector<Value> args) {
  Ref<ExceptionObj> e(new ExceptionObj(cls));
  e->args = new_tuple(std::move(args));
  return e;
}

Ref<ExceptionObj> Interpreter::new_exception(ClassObj* cls, std::string message) {
  return new_exception(cls, std::vector<Value>{new_str(std::move(message))});
}

void Interpreter::raise(ClassObj* cls, std::string message) {
  Ref<ExceptionObj> e = new_exception(cls, std::move(message));
  set_context(e.get());
  throw PyException(e);
}

void Interpreter::raise(std::string_view class_name, std::string message) {
  ClassObj* cls = exception_class(class_name);
  if (!cls) cls = exc_classes_["RuntimeError"];
  raise(cls, std::move(message));
}

void Interpreter::raise_exception(const Value& v) {
  Value e = v;
  if (v.is(Kind::Class) && v.as<ClassObj>()->is_exception) e = call(v, nullptr, 0);
  if (!e.is(Kind::Exception)) raise("TypeError", "exceptions must derive from BaseException");
  e.as<ExceptionObj>()->tb_pending = true;
  throw PyException(e.as<ExceptionObj>());
}

bool Interpreter::exception_matches(const Value& exc, std::string_view class_name) {
  if (!exc.is(Kind::Exception)) return false;
  for (ClassObj* c : exc.as<ExceptionObj>()->cls->mro)
    if (c->name->s == class_name) return true;
  return false;
}

// ------------------------------------------------------------- running
namespace {
Program* find_program(std::vector<std::unique_ptr<Program>>& progs, const std::string& filename) {
  for (auto it = progs.rbegin(); it != progs.rend(); ++it)
    if ((*it)->filename == filename) return it->get();
  return nullptr;
}

std::string strip(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\f\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\f\r\n");
  return s.substr(a, b - a + 1);
}

size_t char_offset(const std::string& line, int byte_off) {
  if (byte_off < 0) return 0;
  size_t b = std::min(line.size(), size_t(byte_off));
  return utf8_length(line.substr(0, b));
}
}  // namespace

void Interpreter::raise_compile_error(const CompileError& ce, const std::string& filename,
                                      const std::vector<std::string>& lines) {
  ClassObj* cls = exc_classes_[ce.kind];
  if (!cls) cls = exc_classes_["SyntaxError"];
  Ref<ExceptionObj> e = new_exception(cls, ce.message);
  e->dict = new Dict();
  bool has_text = ce.line >= 1 && size_t(ce.line) <= lines.size();
  std::string text = has_text ? lines[size_t(ce.line - 1)] : "";
  e->dict->set_str(*this, "msg", new_str(ce.message));
  e->dict->set_str(*this, "filename", new_str(filename));
  e->dict->set_str(*this, "lineno", Value::integer(ce.line));
  e->dict->set_str(*this, "text", has_text ? new_str(text) : Value());
  int off = int(char_offset(text, ce.col)) + 1;
  int end_off;
  if (ce.end_line != ce.line) {
    end_off = int(utf8_length(text)) + 1;
    size_t last = text.find_last_not_of(" \t\r");
    if (last != std::string::npos) end_off = int(char_offset(text, int(last) + 1)) + 1;
  } else {
    end_off = int(char_offset(text, ce.end_col)) + 1;
  }
  e->dict->set_str(*this, "offset", Value::integer(off));
  e->dict->set_str(*this, "end_offset", Value::integer(end_off));
  e->dict->set_str(*this, "end_lineno", Value::integer(ce.end_line));
  e->dict->set_str(*this, "print_file_and_line", Value::boolean(ce.show_caret));
  e->tb_pending = false;
  throw PyException(e);
}

namespace {
// A library module (script/lib) names the functions and classes that CPython writes in C with a
// module-level `__c_implemented__ = ("partial", "reduce")` (a tuple of str, "*" for all): their
// frames, and those of whatever they define inside, leave no traceback entry, so a traceback
// through them reads as CPython's.
void hide_c_implemented(Program& prog) {
  for (const Stmt* s : prog.body) {
    if (s->kind != SK::Assign) continue;
    auto* a = static_cast<const AssignStmt*>(s);
    if (a->targets.size() != 1 || a->targets[0]->kind != EK::Name ||
        static_cast<const NameExpr*>(a->targets[0])->id->s != "__c_implemented__" || a->value->kind != EK::Tuple)
      continue;
    for (const Expr* item : static_cast<const SeqExpr*>(a->value)->elts) {
      if (item->kind != EK::Constant || !static_cast<const ConstantExpr*>(item)->value.is(Kind::Str)) continue;
      const std::string& name = static_cast<const ConstantExpr*>(item)->value.as<Str>()->s;
      for (auto& code : prog.codes) {
        if (code.get() == prog.module_code) continue;
        const std::string& q = code->qualname;
        if (name == "*" || q == name || (q.size() > name.size() && q.compare(0, name.size(), name) == 0 && q[name.size()] == '.'))
          code->hidden_from_tracebacks = true;
      }
    }
  }
}
}  // namespace

void Interpreter::exec_source(std::string_view source, const std::string& filename, Module* module) {
  if (!module) module = main_.get();
  auto prog = std::make_unique<Program>();
  prog->filename = filename;
  prog->lines = split_source_lines(source);
  ParserContext ctx;
  ctx.intern = [this](std::string_view s) { return intern(s); };
  ctx.big_int = [](const std::string& digits, int base) { return big_from_string(digits, base); };
  try {
    parse_program(source, *prog, ctx);
    resolve_program(*prog, ctx);
  } catch (const CompileError& ce) {
    raise_compile_error(ce, filename, prog->lines);
  }
  for (const CompileWarning& w : prog->warnings)
    show_warning(warning_text(filename, w.line, prog->lines, "SyntaxWarning: " + w.message));
  if (module != main_.get()) hide_c_implemented(*prog);  // a library module's, not the program's
  Program* p = prog.get();
  programs_.push_back(std::move(prog));
  Frame fr;
  fr.code = p->module_code;
  fr.globals = module->dict.get();
  fr.back = frame_;
  frame_ = &fr;
  ++depth_;
  struct Restore {
    Interpreter* in;
    Frame* back;
    ~Restore() {
      in->frame_ = back;
      --in->depth_;
    }
  } restore{this, fr.back};
  StackMark mark = stack_mark();
  try {
    exec_block(p->body, fr);
  } catch (PyException& e) {
    unwind_pooled_frames(&fr, e.exc.get());
    add_traceback(e.exc.get(), fr);
    stack_release(mark);  // what the module's expressions left (see stack_alloc)
    throw;
  } catch (...) {
    ExceptionObj* e = foreign_in_flight();
    unwind_pooled_frames(&fr, e);
    if (e) add_traceback(e, fr);
    throw;
  }
}

int Interpreter::run_main(std::string_view source) {
  try {
    exec_source(source, opts_.filename, main_.get());
    assert(frames_.used == 0 && "a pooled frame outlived its call");
  } catch (PyException& e) {
    assert(frames_.used == 0 && "an exception left a pooled frame nobody unwound");
    if (e.exc->cls->is_subclass_of(exc_classes_["SystemExit"])) {
      auto& items = e.exc->args.as<Tuple>()->items;
      if (items.empty() || items[0].is_none()) return 0;
      if (items[0].is_int() || items[0].is_bool()) return int(items[0].as_int());
      write_err(str(items[0]) + "\n");
      return 1;
    }
    print_exception(Value(e.exc.get()));
    return 1;
  }
  return 0;
}

void Interpreter::print_exception(const Value& exc) { write_err(format_exception(exc)); }

std::string Interpreter::exception_line(const Value& exc) {
  auto* e = exc.as<ExceptionObj>();
  ClassObj* c = e->cls.get();
  std::string name = (c->module == "builtins" || c->module == "__main__") ? c->qualname : c->module + "." + c->qualname;
  std::string msg;
  try {
    msg = str(exc);
  } catch (PyException&) {
    msg = "<exception str() failed>";
  }
  if (c->is_subclass_of(exc_classes_["SyntaxError"]) && e->dict) {
    if (Value* m = e->dict->find_str("msg")) msg = str(*m);
  }
  msg += suggestion_hint(*e);
  return msg.empty() ? name + "\n" : name + ": " + msg + "\n";
}

std::string Interpreter::format_traceback_entries(const ExceptionObj& e) {
  std::string out;
  const auto& tb = e.traceback;
  std::string last_file, last_func;
  int last_line = -1;
  int cnt = 0;
  auto repeated = [&](int c) {
    c -= 3;
    out += "  [Previous line repeated " + std::to_string(c) + " more time" + (c > 1 ? "s" : "") + "]\n";
  };
  size_t total = tb.size();
  size_t skip = total > 1000 ? total - 1000 : 0;
  for (size_t k = total - skip; k-- > 0;) {
    const TracebackEntry& t = tb[k];
    if (last_line == -1 || t.filename != last_file || t.line != last_line || t.func != last_func) {
      if (cnt > 3) repeated(cnt);
      last_file = t.filename;
      last_line = t.line;
      last_func = t.func;
      cnt = 0;
    }
    ++cnt;
    if (cnt > 3) continue;
    out += "  File \"" + t.filename + "\", line " + std::to_string(t.line) + ", in " + t.func + "\n";
    Program* p = find_program(programs_, t.filename);
    if (!p || t.line < 1 || size_t(t.line) > p->lines.size()) continue;
    const std::string& line = p->lines[size_t(t.line - 1)];
    std::string stripped = strip(line);
    if (stripped.empty()) continue;
    out += "    " + stripped + "\n";
    if (t.col < 0) continue;
    size_t indent_bytes = line.find_first_not_of(" \t\f");
    size_t indent = char_offset(line, int(indent_bytes));
    size_t start = char_offset(line, t.col);
    size_t end;
    if (t.end_line != t.line) {
      size_t last = line.find_last_not_of(" \t\r\f");
      end = char_offset(line, int(last) + 1);
    } else {
      end = char_offset(line, t.end_col);
    }
    if (end <= start) continue;
    int left = -1, right = -1;  // anchors, relative to start (chars)
    if (t.end_line == t.line && t.anchor_kind == 1) {
      std::string seg = line.substr(size_t(t.col), size_t(t.end_col - t.col));
      int lo = t.anchor_a - t.col, hi = t.anchor_b - t.col;
      for (int i = lo; i < hi && i < int(seg.size()); ++i) {
        if (std::isspace((unsigned char)seg[size_t(i)])) continue;
        left = i;
        right = i + 1;
        if (i + 1 < hi && !std::isspace((unsigned char)seg[size_t(i + 1)])) ++right;
        if (i + 1 < hi && seg[size_t(i)] == ')') continue;
        break;
      }
      if (left >= 0) {
        left = int(char_offset(seg, left));
        right = int(char_offset(seg, right));
      }
    } else if (t.end_line == t.line && t.anchor_kind == 2) {
      std::string seg = line.substr(size_t(t.col), size_t(t.end_col - t.col));
      int la = t.anchor_a - t.col, ra = t.anchor_b - t.col + 1;
      int n = int(seg.size());
      while (la < n && seg[size_t(la)] != '[') ++la;
      while (ra < n && seg[size_t(ra)] != ']') ++ra;
      if (ra < n) ++ra;
      left = int(char_offset(seg, la));
      right = int(char_offset(seg, std::min(ra, n)));
    }
    bool anchors = left >= 0;
    if (end - start == utf8_length(stripped) && !anchors) continue;
    std::string carets(4 + (start - indent), ' ');
    for (size_t i = start; i < end; ++i) {
      int rel = int(i - start);
      carets += anchors ? ((rel >= left && rel < right) ? '^' : '~') : '^';
    }
    out += carets + "\n";
  }
  if (cnt > 3) repeated(cnt);
  return out;
}

// The report of an uncaught exception, as CPython prints it (traceback.py's
// TracebackException.format): the chain of causes and contexts oldest first, and exception
// groups drawn as nested boxes, each line behind a margin ("| ") indented two spaces per level.
std::string Interpreter::format_exception(const Value& exc) {
  constexpr size_t kMaxGroupWidth = 15, kMaxGroupDepth = 10;
  std::string out;
  std::set<const Object*> seen;
  size_t depth = 0;         // exception group nesting
  bool need_close = false;  // the last sub-exception's box still needs its closing line
  auto indent = [&] { return std::string(2 * depth, ' '); };
  auto emit = [&](const std::string& text, char margin = '|') {
    std::string prefix = indent();
    if (depth) prefix += std::string(1, margin) + " ";
    for (size_t i = 0; i < text.size();) {
      size_t nl = text.find('\n', i);
      size_t end = nl == std::string::npos ? text.size() : nl + 1;
      out += prefix;
      out.append(text, i, end - i);
      i = end;
    }
  };
  auto exception_only = [&](const Value& v) {
    auto* e = v.as<ExceptionObj>();
    std::string out;
    if (e->cls->is_subclass_of(exc_classes_["SyntaxError"]) && e->dict && e->dict->find_str("lineno")) {
      Dict* d = e->dict.get();
      std::string fname = str(*d->find_str("filename"));
      int64_t line = d->find_str("lineno")->as_int();
      out += "  File \"" + fname + "\", line " + std::to_string(line) + "\n";
      Value* text_value = d->find_str("text");
      std::string text = text_value && text_value->is(Kind::Str) ? str(*text_value) : "";
      std::string stripped = strip(text);
      // As CPython's print_error_text: a line that exists is printed, even a blank one.
      if (text_value && text_value->is(Kind::Str)) {
        out += "    " + stripped + "\n";
        Value* pc = d->find_str("print_file_and_line");
        if (!pc || truthy(*pc)) {
          size_t indent = utf8_length(text) - utf8_length(text.substr(text.find_first_not_of(" \t\f")));
          int64_t off = d->find_str("offset")->as_int();
          int64_t end_off = d->find_str("end_offset")->as_int();
          int64_t col = off - 1 - int64_t(indent);
          if (col < 0) col = 0;
          int64_t width = end_off - off;
          int64_t maxw = int64_t(utf8_length(stripped)) - col;
          if (width > maxw) width = maxw;
          if (width < 1) width = 1;
          out += "    " + std::string(size_t(col), ' ') + std::string(size_t(width), '^') + "\n";
        }
      }
    }
    out += exception_line(v);
    // add_note()'s notes, a line each, after the message (as CPython 3.11 prints them)
    auto* ex = v.as<ExceptionObj>();
    if (Value* notes = ex->dict ? ex->dict->find_str("__notes__") : nullptr) {
      if (notes->is(Kind::List) || notes->is(Kind::Tuple) || notes->is(Kind::Str)) {  // any sequence, as CPython
        for (const Value& note : to_vector(*notes)) {
          std::string text;
          try {
            text = note.is(Kind::Str) ? note.as<Str>()->s : str(note);
          } catch (PyException&) {
            text = "<note str() failed>";
          }
          out += text + "\n";
        }
      } else {  // not a sequence: its repr, as CPython 3.11 (which ends no line after it)
        try {
          out += repr(*notes);
        } catch (PyException&) {
          out += "<__notes__ repr() failed>\n";
        }
      }
    }
    return out;
  };
  std::function<void(const Value&)> format = [&](const Value& first) {
    // Newest first; each with the message that leads from it to the next newer one.
    std::vector<std::pair<const char*, Value>> chain;
    const char* msg = nullptr;
    for (Value v = first; v.is(Kind::Exception);) {
      auto* e = v.as<ExceptionObj>();
      seen.insert(e);
      chain.emplace_back(msg, v);
      if (e->cause.is(Kind::Exception) && !seen.count(e->cause.obj())) {
        msg = "\nThe above exception was the direct cause of the following exception:\n\n";
        v = e->cause;
      } else if (e->context.is(Kind::Exception) && !e->suppress_context && !seen.count(e->context.obj())) {
        msg = "\nDuring handling of the above exception, another exception occurred:\n\n";
        v = e->context;
      } else {
        v = Value();
      }
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const Value& v = it->second;
      auto* e = v.as<ExceptionObj>();
      if (!is_exception_group(*this, v)) {
        if (!e->traceback.empty()) emit("Traceback (most recent call last):\n" + format_traceback_entries(*e));
        emit(exception_only(v));
      } else if (depth > kMaxGroupDepth) {
        emit("... (max_group_depth is " + std::to_string(kMaxGroupDepth) + ")\n");
      } else {
        bool top = depth == 0;
        if (top) ++depth;
        if (!e->traceback.empty()) {
          emit("Exception Group Traceback (most recent call last):\n", top ? '+' : '|');
          emit(format_traceback_entries(*e));
        }
        emit(exception_only(v));
        const auto& subs = group_exceptions(v);
        size_t n = subs.size() <= kMaxGroupWidth ? subs.size() : kMaxGroupWidth + 1;
        need_close = false;
        for (size_t i = 0; i < n; ++i) {
          bool last = i + 1 == n, truncated = i >= kMaxGroupWidth;
          if (last) need_close = true;
          out += indent() + (i == 0 ? "+-" : "  ") + "+---------------- " + (truncated ? "..." : std::to_string(i + 1)) +
                 " ----------------\n";
          ++depth;
          if (!truncated) {
            format(subs[i]);
          } else {
            size_t more = subs.size() - kMaxGroupWidth;
            emit("and " + std::to_string(more) + " more exception" + (more > 1 ? "s" : "") + "\n");
          }
          if (last && need_close) {
            out += indent() + "+------------------------------------\n";
            need_close = false;
          }
          --depth;
        }
        if (top) depth = 0;
      }
      if (it->first) emit(it->first);  // how the next (newer) one relates to this one
    }
  };
  format(exc);
  return out;
}

void Interpreter::warn_unawaited(GeneratorObj* g) { warn_never_awaited(g->func ? g->func->qualname : "?"); }

// A warning as Python's warnings module shows it: "file:line: Category: message", then the
// source line.
std::string Interpreter::warning_text(const std::string& filename, int line, const std::vector<std::string>& lines,
                                      const std::string& what) {
  std::string text = filename + ":" + std::to_string(line) + ": " + what + "\n";
  if (line >= 1 && size_t(line) <= lines.size()) text += "  " + strip(lines[size_t(line - 1)]) + "\n";
  return text;
}

void Interpreter::show_warning(const std::string& text) {
  if (hooks_.warning) hooks_.warning(text);
  else write_err(text);
}

void Interpreter::warn_never_awaited(const std::string& name) {
  std::string what = "RuntimeWarning: coroutine '" + name + "' was never awaited";
  std::string text;
  Frame* f = frame_;
  // Inside a frame, the warnings module's words, with its tracemalloc hint; outside any (CPython:
  // at shutdown, where only the C fallback is left) "sys:1" and no hint.
  bool in_frame = f && f->current && f->code;
  if (in_frame) {
    Program* p = find_program(programs_, f->code->filename);
    text = warning_text(f->code->filename, f->current->line, p ? p->lines : std::vector<std::string>{}, what);
  } else {
    text = "sys:1: " + what + "\n";
  }
  for (auto& w : warned_)
    if (w == text) return;
  warned_.push_back(text);
  show_warning(in_frame ? text + "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n" : text);
}

}  // namespace loopscope::script
