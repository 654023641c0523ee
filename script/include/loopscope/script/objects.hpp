// Loopscope script: heap object types shared by the evaluator and hosts.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "loopscope/script/value.hpp"

namespace loopscope::script {

class ClassObj;
class Dict;

// ---------------------------------------------------------------- strings
class Str final : public Object {
 public:
  explicit Str(std::string v) : Object(Kind::Str), s(std::move(v)) {}
  std::string s;               // UTF-8
  mutable int64_t hash = -1;   // cached; -1 = not computed yet
  mutable int64_t cp_len = -1; // cached length in code points
  bool interned = false;
  size_t length() const;       // in code points
  bool ascii() const { return length() == s.size(); }
};

// --------------------------------------------------------------- sequences
class List final : public Object {
 public:
  List() : Object(Kind::List) {}
  explicit List(std::vector<Value> v) : Object(Kind::List), items(std::move(v)) {}
  std::vector<Value> items;
};

class Tuple final : public Object {
 public:
  Tuple() : Object(Kind::Tuple) {}
  explicit Tuple(std::vector<Value> v) : Object(Kind::Tuple), items(std::move(v)) {}
  std::vector<Value> items;
};

class Range final : public Object {
 public:
  Range(int64_t a, int64_t b, int64_t c) : Object(Kind::Range), start(a), stop(b), step(c) {}
  int64_t start, stop, step;
  int64_t length() const;
  int64_t at(int64_t i) const { return start + i * step; }
};

class Slice final : public Object {
 public:
  Slice(Value a, Value b, Value c)
      : Object(Kind::Slice), start(std::move(a)), stop(std::move(b)), step(std::move(c)) {}
  Value start, stop, step;
};

// ------------------------------------------------------------ dict and set
// Insertion-ordered hash map (like CPython's compact dict).
class Dict final : public Object {
 public:
  struct Entry {
    Value key, value;
    int64_t hash;
    bool live;
  };
  Dict() : Object(Kind::Dict) {}
  size_t size() const { return used; }
  // Lookups may call __eq__/__hash__ of user objects, hence the interpreter.
  Value* find(Interpreter& in, const Value& key);
  Value* find(Interpreter& in, const Value& key, int64_t hash);
  Value* find_str(std::string_view key);  // for str keys only, no user code
  void set(Interpreter& in, const Value& key, Value value);
  void set_str(Interpreter& in, std::string_view key, Value value);
  bool erase(Interpreter& in, const Value& key);
  void clear();
  template <class F>
  void for_each(F&& f) const {
    for (const auto& e : entries)
      if (e.live) f(e.key, e.value);
  }
  std::vector<Entry> entries;  // may contain dead entries (live=false)
  std::vector<int32_t> index;  // open addressing: -1 empty, -2 deleted
  size_t used = 0;

 private:
  long slot_of(Interpreter* in, const Value& key, int64_t hash) const;
  void rebuild(size_t capacity);
};

// Hash set laid out like CPython's setobject.c so that iteration order (and
// therefore repr) of sets of ints matches CPython.
class Set final : public Object {
 public:
  struct Slot {
    Value key;
    int64_t hash = 0;
    uint8_t state = 0;  // 0 empty, 1 live, 2 dummy
  };
  explicit Set(bool frozen = false) : Object(frozen ? Kind::FrozenSet : Kind::Set), table(8) {}
  size_t size() const { return used; }
  bool contains(Interpreter& in, const Value& key);
  void add(Interpreter& in, const Value& key);
  bool discard(Interpreter& in, const Value& key);
  void clear();
  template <class F>
  void for_each(F&& f) const {
    for (const auto& s : table)
      if (s.state == 1) f(s.key);
  }
  std::vector<Slot> table;
  size_t used = 0, fill = 0;
  size_t finger = 0;  // for pop()
  void add_hashed(Interpreter& in, const Value& key, int64_t hash);
  bool contains_hashed(Interpreter& in, const Value& key, int64_t hash);

 private:
  void resize(size_t minused);
};

// -------------------------------------------------------------- callables
// Arguments of a call as seen by native (C++) functions.
struct Args {
  const Value* pos = nullptr;
  size_t npos = 0;
  const Value* kwnames = nullptr;  // Str values
  const Value* kwvalues = nullptr;
  size_t nkw = 0;

  size_t size() const { return npos; }
  // Out of range: None (missing()), never memory past the arguments. Natives check their counts
  // (CPython's messages); this only keeps one that forgot from reading what is not there.
  const Value& operator[](size_t i) const { return i < npos ? pos[i] : missing(); }
  static const Value& missing();
  // Keyword argument by name, or nullptr.
  const Value* kw(std::string_view name) const;
  // Positional argument i, else keyword `name`, else nullptr.
  const Value* get(size_t i, std::string_view name) const {
    return i < npos ? &pos[i] : kw(name);
  }
};

using NativeFn = std::function<Value(Interpreter&, const Args&)>;

class NativeFunction final : public Object {
 public:
  NativeFunction(std::string n, NativeFn f)
      : Object(Kind::NativeFunction), name(std::move(n)), fn(std::move(f)) {}
  std::string name;
  NativeFn fn;
  Value self;  // bound receiver for module-level builtins like sys.stdout.write
  // For a method of a class (def_method, add_method): the class its first argument must be an
  // instance of, as its code assumes. Checked where the method is called unbound
  // (`list.append(x, 1)`, `map(str.upper, names)`): see Interpreter::check_receiver.
  ClassObj* owner = nullptr;
  // A class's method with no receiver bound: its first argument is the receiver, to be checked.
  bool unbound_method() const { return owner && self.is_none(); }
};

struct Code;  // compiled function body (internal)

class Function final : public Object {
 public:
  Function() : Object(Kind::Function) {}
  const Code* code = nullptr;  // owned by the interpreter's program list
  Ref<ClassObj> owner_class;    // class whose body defined it (for super())
  Ref<Dict> globals;
  std::vector<Value> defaults;     // for the trailing positional parameters
  std::vector<Value> kwdefaults;   // one per keyword-only parameter (None tag if absent)
  std::vector<bool> has_kwdefault;
  std::vector<Value> closure;      // Cell objects for free variables
  Ref<Str> name;
  std::string qualname;
  Ref<Dict> attrs;                 // function attributes (f.x = 1), created lazily
  Value doc;
  Value annotations;               // a dict, or None until asked for
};

class BoundMethod final : public Object {
 public:
  BoundMethod(Value s, Value f) : Object(Kind::BoundMethod), self(std::move(s)), func(std::move(f)) {}
  Value self, func;
};

class Cell final : public Object {
 public:
  Cell() : Object(Kind::Cell) {}
  Value value;
  bool bound = false;
};

// ---------------------------------------------------------- classes/objects
// Called by type objects of built-in (or host) classes when instantiated.
using NativeCtor = std::function<Value(Interpreter&, ClassObj* cls, const Args&)>;

class ClassObj final : public Object {
 public:
  ClassObj() : Object(Kind::Class) {}
  Ref<Str> name;
  std::string qualname;
  std::string module = "builtins";
  std::vector<Ref<ClassObj>> bases;
  std::vector<ClassObj*> mro;  // includes this; kept alive by `bases`
  Ref<Dict> dict;
  bool is_exception = false;  // derives from BaseException
  bool is_builtin = false;     // a built-in type (int, str, ...)
  NativeCtor ctor;             // nullptr: ordinary Python class
  // Looks a name up along the MRO; returns nullptr if absent.
  Value* lookup(std::string_view name) const;
  bool is_subclass_of(const ClassObj* other) const;
};

class Instance : public Object {
 public:
  explicit Instance(ClassObj* c, Kind k = Kind::Instance) : Object(k), cls(c) {}
  Ref<ClassObj> cls;
  Ref<Dict> dict;  // created on first attribute store
};

struct TracebackEntry {
  std::string filename;
  std::string func;
  int line, col, end_line, end_col;  // col/end_col 0-based, -1 if unknown
  int anchor_kind;                   // 0 none, 1 binop, 2 subscript
  int anchor_a, anchor_b;            // columns used by anchors
};

class ExceptionObj final : public Instance {
 public:
  explicit ExceptionObj(ClassObj* c) : Instance(c, Kind::Exception) {}
  Value args;  // tuple
  Value cause, context;
  bool suppress_context = false;
  std::vector<TracebackEntry> traceback;  // innermost first
  bool tb_pending = true;  // the current frame has not been added yet
  // Set when this exception stands for a foreign C++ exception (see host.hpp).
  std::exception_ptr foreign;
  // A NameError's "Did you mean" name, found when raised (suggestions.cpp).
  std::string suggestion;
};

class Module final : public Object {
 public:
  Module() : Object(Kind::Module) {}
  Ref<Str> name;
  Ref<Dict> dict;
  // The part of a module that is costly to make and seldom used, made when first needed: on the
  // first look for a name its dict lacks, at the whole dict (__dict__, dir(), `import *`), or
  // before the program sets or deletes one of its names. See Interpreter::finish_module.
  std::function<void(Interpreter&, Module&)> deferred;
};

class Property final : public Object {
 public:
  Property() : Object(Kind::Property) {}
  Value fget, fset, fdel;
};

class StaticMethod final : public Object {
 public:
  explicit StaticMethod(Value f) : Object(Kind::StaticMethod), func(std::move(f)) {}
  Value func;
};

class ClassMethod final : public Object {
 public:
  explicit ClassMethod(Value f) : Object(Kind::ClassMethod), func(std::move(f)) {}
  Value func;
};

class Super final : public Object {
 public:
  Super(ClassObj* t, Value s) : Object(Kind::Super), type(t), self(std::move(s)) {}
  Ref<ClassObj> type;
  Value self;
};

// Any iterator implemented in C++.
class IterObj : public Object {
 public:
  explicit IterObj(const char* tn) : Object(Kind::Iterator), type_name(tn) {}
  const char* type_name;
  // Produces the next item into `out`; returns false when exhausted.
  virtual bool next(Interpreter& in, Value& out) = 0;
};

// Base for instances of classes defined natively by a host (asyncio futures,
// tasks, ...). Subclass it in C++ and override Object::await_value as needed.
class NativeObject : public Object {
 public:
  explicit NativeObject(ClassObj* c) : Object(Kind::Native), cls(c) {}
  Ref<ClassObj> cls;
  Ref<Dict> dict;  // optional attribute storage, created on first store
};

}  // namespace loopscope::script
