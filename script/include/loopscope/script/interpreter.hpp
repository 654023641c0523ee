// Loopscope script: the interpreter (a tree-walking evaluator for a
// Python 3.11 subset). See host.hpp for the parts meant for hosts.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "loopscope/script/host.hpp"
#include "loopscope/script/objects.hpp"
#include "loopscope/script/operators.hpp"
#include "loopscope/script/value.hpp"

namespace loopscope::script {

struct Program;
struct Frame;
struct Expr;
struct Stmt;
struct Node;
struct CallExpr;
struct BinOpExpr;
struct ForStmt;
struct CompileError;
class GeneratorObj;
using Block = std::vector<Stmt*>;
enum class Ctl : uint8_t { Normal, Break, Continue, Return, Yield };

using ModuleInit = std::function<void(Interpreter&, Module&)>;

class Interpreter {
 public:
  explicit Interpreter(Options options = {}, HostHooks hooks = {});
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  HostHooks& hooks() { return hooks_; }
  const Options& options() const { return opts_; }

  // Runs `source` as the __main__ module. Uncaught exceptions and syntax
  // errors are printed like CPython (via hooks().write). Returns the process
  // exit status: 0, 1 for an error, or the SystemExit code.
  int run_main(std::string_view source);
  // Compiles and runs source in `module` (creating __main__ if null).
  // Throws PyException (SyntaxError is converted to a Python exception).
  void exec_source(std::string_view source, const std::string& filename, Module* module = nullptr);
  // Writes the CPython-style report for an uncaught exception to stderr.
  void print_exception(const Value& exc);
  std::string format_exception(const Value& exc);

  // ---------------------------------------------------------- seam: modules
  void register_module(const std::string& name, ModuleInit init);
  Value import_module(const std::string& name);
  // Runs the module's deferred part if it has one left (Module::deferred); true if it ran.
  bool finish_module(Module& m);
  void add_function(Module& m, const std::string& name, NativeFn fn);
  void set_attr(Module& m, const std::string& name, Value v);
  Ref<ClassObj> new_class(const std::string& name, const std::string& module,
                          std::vector<Ref<ClassObj>> bases = {});
  void add_method(ClassObj& cls, const std::string& name, NativeFn fn);
  void add_static_method(ClassObj& cls, const std::string& name, NativeFn fn);
  void add_property(ClassObj& cls, const std::string& name, NativeFn getter, NativeFn setter = nullptr);
  void set_constructor(ClassObj& cls, NativeCtor ctor);
  Value make_native_function(const std::string& name, NativeFn fn);

  // ---------------------------------------------------- seam: calling Python
  Value call(const Value& callable, std::initializer_list<Value> args);
  Value call(const Value& callable, const Value* args, size_t nargs,
             const Value* kwnames = nullptr, const Value* kwvalues = nullptr, size_t nkw = 0);
  Value call_with_kwargs(const Value& callable, std::vector<Value> args,
                         std::vector<std::pair<std::string, Value>> kwargs);
  bool is_coroutine(const Value& v) const;
  bool is_coroutine_function(const Value& v) const;
  // Runs an un-started coroutine to completion on the current C++ stack.
  Value run_coroutine(const Value& coro);
  // Name (qualname) of a coroutine object, for task reprs.
  std::string coroutine_name(const Value& coro) const;
  // "FILE:LINE" of the coroutine function's definition (asyncio's "defined at"), or "".
  std::string coroutine_location(const Value& coro) const;
  // Where a started coroutine is now ("running at FILE:LINE"): looked up in the frame chain
  // starting at `innermost` (a suspended ExecState's frame, or null for the current chain);
  // the definition site if the coroutine has no frame there.
  std::string coroutine_position(const Value& coro, const Frame* innermost) const;
  // CPython's "coroutine 'NAME' was never awaited" RuntimeWarning at the current line (once per
  // place), through HostHooks::warning: for coroutine objects a host implements natively.
  void warn_never_awaited(const std::string& name);
  static std::string warning_text(const std::string& filename, int line, const std::vector<std::string>& lines,
                                  const std::string& what);
  void show_warning(const std::string& text);
  // Marks a coroutine as started so no "never awaited" warning is emitted.
  void mark_coroutine_awaited(const Value& coro);

  // ----------------------------------------------------- seam: exceptions
  [[noreturn]] void raise(std::string_view class_name, std::string message);
  [[noreturn]] void raise(ClassObj* cls, std::string message);
  [[noreturn]] void raise_exception(const Value& exc_or_class);
  Ref<ExceptionObj> new_exception(ClassObj* cls, std::string message);
  Ref<ExceptionObj> new_exception(ClassObj* cls, std::vector<Value> args);
  ClassObj* exception_class(std::string_view name);  // built-in only; nullptr if unknown
  // Where a Python function is defined, "main.py:3" (its file and first line, as co_filename
  // and co_firstlineno give them).
  static std::string definition_site(const Function& f);
  bool exception_matches(const Value& exc, std::string_view class_name);
  // Converts any C++ exception in flight into a Python exception object
  // (PyException, translated foreign exceptions, std::bad_alloc, ...).
  // Returns an empty Ref if the exception must pass through untouched.
  // The exception being caught (in a catch block of the evaluator running frame f), after
  // unwinding the pooled frames it left above f.
  Ref<ExceptionObj> catch_current(Frame& f);
  // Inside catch (...): the Python object for the foreign (C++) exception in flight, made by the
  // host's translate hook the first time and the same object while that exception propagates
  // (each frame it leaves adds its traceback entry, as for a Python exception); null if the
  // host does not translate it.
  ExceptionObj* foreign_in_flight() noexcept;
  // The object foreign_in_flight() made for `ep` last, if any (no translation here).
  ExceptionObj* seen_foreign(const std::exception_ptr& ep) const noexcept {
    return last_foreign_ && last_foreign_->foreign == ep ? last_foreign_.get() : nullptr;
  }
  // Pops the pooled frames above `live` (the catcher's frame) that an exception left, adding each
  // one's traceback line to `e` (null for a C++ exception nobody translates) as its own catch
  // would have.
  void unwind_pooled_frames(Frame* live, ExceptionObj* e) noexcept;

  // --------------------------------------------------------- values/protocol
  Ref<Str> intern(std::string_view s);
  Value new_str(std::string s) { return Value(new Str(std::move(s))); }
  Value new_list(std::vector<Value> items = {}) { return Value(new List(std::move(items))); }
  Value new_tuple(std::vector<Value> items = {}) { return Value(new Tuple(std::move(items))); }
  Value new_dict() { return Value(new Dict()); }
  Value new_int(int64_t v) { return Value::integer(v); }

  ClassObj* type_of(const Value& v) const;
  std::string type_name(const Value& v) const;
  bool isinstance(const Value& v, const ClassObj* cls) const;
  bool truthy(const Value& v);  // inline below: scalars here, objects in truthy_object
  std::string repr(const Value& v);
  std::string str(const Value& v);
  bool eq(const Value& a, const Value& b);
  bool lt(const Value& a, const Value& b);
  int64_t hash(const Value& v);  // inline below: strs here, everything else in hash_object
  Value getattr(const Value& obj, Str* name);
  Value getattr(const Value& obj, std::string_view name) { return getattr(obj, intern(name).get()); }
  bool getattr_opt(const Value& obj, Str* name, Value& out);  // false if AttributeError
  void setattr(const Value& obj, Str* name, Value v);
  void delattr(const Value& obj, Str* name);
  Value getitem(const Value& obj, const Value& key);
  void setitem(const Value& obj, const Value& key, Value v);
  void delitem(const Value& obj, const Value& key);
  Value iter(const Value& v);
  bool next(const Value& it, Value& out);  // false when exhausted
  std::vector<Value> to_vector(const Value& iterable);
  int64_t len(const Value& v);
  bool contains(const Value& container, const Value& item);
  Value binary_op(BinOpKind op, const Value& a, const Value& b, bool inplace = false);
  Value compare(CmpKind op, const Value& a, const Value& b);
  Value unary_op(UnaryKind op, const Value& v);
  int64_t to_index(const Value& v, const char* what = nullptr);  // ints and bools
  double to_double(const Value& v);                             // int/float/bool (inline below)
  std::string format_value(const Value& v, std::string_view spec);

  // ------------------------------------------------------ built-in types
  struct Types {
    ClassObj *object, *type, *int_, *bool_, *float_, *str, *list, *tuple, *dict, *set, *frozenset,
        *range, *slice, *none, *function, *builtin_function, *method, *module, *generator,
        *coroutine, *async_generator, *cell, *property, *staticmethod, *classmethod, *super,
        *notimplemented, *ellipsis, *dict_keys, *dict_values, *dict_items, *base_exception;
  } types{};
  Value none_value, not_implemented, ellipsis;
  Dict& builtins() { return *builtins_; }
  Module* main_module() { return main_.get(); }

  // Where `print` and tracebacks go.
  void write_out(std::string_view s) { hooks_.write(s, false); }
  void write_err(std::string_view s) { hooks_.write(s, true); }

  // ------------------------------------------- seam: execution contexts
  // The state of one thread of Python execution: its frame chain, recursion
  // depth, exceptions being handled and the value stack holding its locals.
  // A host that runs Python on several stackful fibers (asyncio tasks) keeps
  // one ExecState per fiber and swaps it in whenever that fiber resumes.
  // `stack_limit` (optional) is the lowest C stack address the context may
  // use: calls raise RecursionError before the stack goes below it.
  struct Chunk {
    std::unique_ptr<Value[]> data;
    size_t size = 0, used = 0;
  };
  // Frames of the calls the evaluator makes (eval_call) live here rather than on the C stack,
  // and run without a landing pad: in WebAssembly a try block around a body costs a JS invoke
  // trampoline per Python call. An exception leaves their records behind, and whoever catches
  // it first unwinds them (unwind_pooled_frames): a try statement (catch_current) or a frame
  // that has a landing pad (run_frame, run_in_frame, generators, the module).
  struct FramePool {
    FramePool() = default;
    FramePool(const FramePool&) = delete;
    FramePool& operator=(const FramePool&) = delete;
    ~FramePool();  // call.cpp, where Frame is complete
    void grow();   // one more chunk (call.cpp)
    std::vector<Frame*> chunks;  // kChunk frames each, never moved
    size_t used = 0;
    static constexpr size_t kChunk = 32;
  };
  struct ExecState {
    Frame* frame = nullptr;
    FramePool frames;
    int depth = 0;
    std::vector<Value> handled;
    std::vector<Chunk> stack;
    size_t stack_chunk = 0;
    const char* stack_limit = nullptr;
  };
  // Exchanges the interpreter's current execution state with `s`.
  void swap_exec_state(ExecState& s) noexcept;
  // The current C stack position (for computing stack limits): the calling function's frame.
  // Inline, as it runs once per Python call; in WebAssembly it reads the shadow stack pointer
  // (what emscripten_stack_get_current() returns, without a call).
  static const char* stack_position() { return static_cast<const char*>(__builtin_frame_address(0)); }
  // True (and raises RecursionError) when the depth or C stack limit is hit.
  void check_recursion() {
    if (recursion_exceeded()) recursion_error();
  }
  bool recursion_exceeded() const {
    return depth_ >= opts_.recursion_limit || (stack_limit_ && stack_position() < stack_limit_);
  }
  [[noreturn]] void recursion_error();

  // Budget accounting: cheap decrement, hook when exhausted.
  void tick() {
    if (--budget_left_ <= 0) budget_expired();
  }

  // ------------------------------------------------------------ internals
  // (public for the evaluator's implementation files; not part of the seam)
  struct Names;
  std::unique_ptr<Names> names;  // interned dunder names
  Options opts_;
  HostHooks hooks_;
  Ref<Dict> builtins_;
  Ref<Module> main_;
  std::unordered_map<std::string, Ref<Str>> interned_;
  std::unordered_map<std::string, Value> modules_;
  std::unordered_map<std::string, ModuleInit> module_inits_;
  std::unordered_map<std::string, ClassObj*> exc_classes_;
  std::vector<std::unique_ptr<Program>> programs_;
  std::vector<Value> handled_;  // exceptions being handled (for __context__)
  // The exception being handled now, or None (sys.exception(), traceback.format_exc()).
  Value handled_exception() const { return handled_.empty() ? Value() : handled_.back(); }
  Ref<ExceptionObj> last_foreign_;  // the foreign exception translated last (foreign_in_flight)
  Frame* frame_ = nullptr;      // innermost executing frame
  FramePool frames_;            // see FramePool
  int depth_ = 0;
  std::vector<std::string> warned_;  // warnings already shown (shown once per location)
  int64_t budget_left_ = 0;
  void budget_expired();

  // value stack for frame locals (chunked so pointers stay valid)
  std::vector<Chunk> stack_;
  const char* stack_limit_ = nullptr;
  size_t stack_chunk_ = 0;
  // Both inline below: a bump of the current chunk; stack_alloc_slow adds chunks.
  //
  // Release is by position, not by count: stack_release(p) frees p and everything above it. So
  // the evaluator's hot paths can hold values in slots here instead of in C++ locals, and leave
  // them behind when an exception passes (in WebAssembly, a C++ local that needs destroying
  // turns every call made while it lives into a JS `invoke_*` trampoline; see below). Whoever
  // catches releases what was left: a Python frame releases down to its locals when it ends,
  // a try statement down to where it started (stack_mark) before running a handler.
  struct StackMark {
    size_t chunk, used;
  };
  Value* stack_alloc(size_t n);
  void stack_release(Value* p) noexcept;
  StackMark stack_mark() const noexcept;
  void stack_release(StackMark m) noexcept;
  Value* stack_alloc_slow(size_t n);
  void stack_release_slow(Value* p) noexcept;
  bool truthy_object(const Value& v);
  int64_t hash_object(const Value& v);
  double to_double_slow(const Value& v);

  // evaluator
  Value eval(const Expr* e, Frame& f);
  Ctl exec_block(const Block& b, Frame& f);
  Ctl exec_block_resumable(const Block& b, Frame& f);  // a generator's
  Ctl exec(const Stmt* s, Frame& f);
  Ctl exec_compound(const Stmt* s, Frame& f);
  Ctl exec_try(const Stmt* s, Frame& f);
  Ctl exec_with(const Stmt* s, Frame& f);
  Ctl exec_for(const Stmt* s, Frame& f);
  Ctl exec_comp_append(const Stmt* s, Frame& f);  // [x for ...]'s append
  Ctl exec_for_iterator(const ForStmt* fs, Frame& f, Value& it);
  Ctl exec_while(const Stmt* s, Frame& f);
  Ctl exec_if(const Stmt* s, Frame& f);
  void exec_simple(const Stmt* s, Frame& f);
  void exec_raise(const Stmt* s, Frame& f);
  void exec_import(const Stmt* s, Frame& f);
  void exec_funcdef(const Stmt* s, Frame& f);
  void exec_classdef(const Stmt* s, Frame& f);
  void assign(const Expr* target, Value v, Frame& f);
  void del_target(const Expr* target, Frame& f);
  Value eval_call(const CallExpr* c, Frame& f);
  Value eval_call_unpacking(const CallExpr* c, Frame& f);  // f(*args, **kwargs)
  Value eval_call_plain(const CallExpr* c, Frame& f);      // any other call
  Frame* enter_simple_call(const CallExpr* c, Frame& f);  // fib(n - 1): its frame, or nullptr
  Value eval_binop_held(const BinOpExpr* b, Frame& f);
  bool eval_callee(const CallExpr* c, Frame& f, Value& callee, Value& self);
  Value eval_name_slow(const Expr* e, Frame& f);
  Value eval_misc(const Expr* e, Frame& f);
  Value eval_comprehension(const Expr* e, Frame& f);
  Value eval_fstring(const Expr* e, Frame& f, const Expr* whole = nullptr);
  Value eval_await(const Expr* e, Frame& f);
  Value await_object(const Value& v);
  Value await_instance(const Value& v);
  Value eval_yield(const Expr* e, Frame& f);
  Value make_function(const Code* code, const std::vector<Value>& defaults,
                      std::vector<Value> kwdefaults, std::vector<bool> has_kw, Frame& f);
  void add_traceback(ExceptionObj* e, Frame& f);
  void set_context(ExceptionObj* e);
  [[noreturn]] void raise_at(const Node* n, Frame& f, ClassObj* cls, std::string msg);
  // AttributeError and NameError with the attributes (and the "Did you mean" hint) CPython's have:
  // suggestions.cpp.
  [[noreturn]] void raise_attribute_error(const Value& obj, Str* name, std::string message);
  [[noreturn]] void raise_name_error(const Node* at, Frame& f, ClassObj* cls, Str* name, std::string message);
  std::string suggestion_hint(const ExceptionObj& e);
  std::vector<Value> dir_of(const Value& obj);
  Value lookup_global(Str* name, Frame& f, const Node* n);
  void check_base(ClassObj* base, Str* class_name);  // raises for a base a class cannot have here
  void check_receiver(const NativeFunction& nf, const Value* args, size_t nargs);  // see NativeFunction::owner
  bool exception_matches_type(const Value& exc, const Value& type);

  // calls
  Value call_function(Function* fn, const Value* args, size_t nargs, const Value* kwnames,
                      const Value* kwvalues, size_t nkw, const Value* self = nullptr);
  // The same for eval_call: the frame is a pooled one (see FramePool).
  Value call_function_pooled(Function* fn, const Value* args, size_t nargs, const Value* kwnames,
                             const Value* kwvalues, size_t nkw);
  Value call_class(ClassObj* cls, const Args& a);
  Value call_native(NativeFunction* nf, const Value* args, size_t nargs, const Value* kwnames,
                    const Value* kwvalues, size_t nkw);
  Value call_object(const Value& callable, const Args& a);
  // Runs fn's body in a new frame over `locals`. `slots`, when not null, is where the frame's
  // slots start on the value stack: released (with anything above) when the frame ends.
  // `coro`, when not null, is the coroutine whose frame this is: finished when the frame ends.
  Value run_frame(Function* fn, Value* locals, const Code* code, Value* slots = nullptr,
                  GeneratorObj* coro = nullptr);
  Value new_generator(Function* fn, const Value* locals, size_t nslots);
  void leave_frame(Frame& fr, Value* slots, StackMark mark, GeneratorObj* coro) noexcept;
  void bind_arguments(Function* fn, const Code* code, Value* locals, const Value* self,
                      const Value* args, size_t nargs, const Value* kwnames, const Value* kwvalues,
                      size_t nkw);
  // Finds a method for obj.name(...) without creating a bound method.
  // Returns true and sets `self_needed` when `out` must receive obj as first arg.
  bool lookup_method(const Value& obj, Str* name, Value& out, bool& self_needed);
  Value call_method(const Value& obj, Str* name, const Value* args, size_t nargs);
  Value call_method(const Value& obj, std::string_view name, std::initializer_list<Value> args);
  bool has_special(const Value& obj, Str* name, Value& method);
  Value* class_lookup(const ClassObj* cls, Str* name) const;

  // generators
  Value generator_send(GeneratorObj* g, Value sent, bool* finished);
  Value generator_throw(GeneratorObj* g, const Value& exc, bool* finished);
  void generator_close(GeneratorObj* g);
  Value coroutine_unawaited(GeneratorObj* g);
  void warn_unawaited(GeneratorObj* g);

  // setup (builtins.cpp and friends)
  void init_types();
  void init_exceptions();
  void init_builtins();
  void init_type_methods();
  void init_str_methods();
  void init_container_methods();
  void init_modules();
  ClassObj* make_type(const char* name, ClassObj* base, bool builtin = true);
  ClassObj* make_exception_class(const char* name, ClassObj* base);
  void def_builtin(const char* name, NativeFn fn);
  void def_method(ClassObj* cls, const char* name, NativeFn fn);

  // errors
  [[noreturn]] void raise_compile_error(const CompileError& e, const std::string& filename,
                                        const std::vector<std::string>& lines);
  std::string format_traceback_entries(const ExceptionObj& e);
  std::string exception_line(const Value& exc);
};

// Interned names used by the evaluator's hot paths.
struct Interpreter::Names {
  Ref<Str> init, new_, str, repr, call, len, iter, next, getitem, setitem, delitem, contains,
      eq, ne, lt, le, gt, ge, hash, bool_, enter, exit, aenter, aexit, aiter, anext, getattr,
      setattr, name, qualname, module, doc, dict, class_, add, sub, mul, truediv, floordiv, mod,
      pow, lshift, rshift, or_, xor_, and_, matmul, neg, pos, invert, abs, index, int_, float_,
      format, args, await_, del, self, main, append, join, keys, items, values, get, bases, mro,
      annotations;
};

// The hot helpers' fast paths, inline. Beyond saving a call, this matters in WebAssembly: there
// a call that may throw, made while a local needs destroying, goes through one of Emscripten's
// JS `invoke_*` trampolines (~30 ns). Inline fast paths and noexcept leaves keep those
// trampolines on the slow paths only.
inline Value* Interpreter::stack_alloc(size_t n) {
  if (n == 0) n = 1;
  if (!stack_.empty()) {
    Chunk& c = stack_[stack_chunk_];
    if (c.used + n <= c.size) {
      Value* p = c.data.get() + c.used;
      c.used += n;
      for (size_t i = 0; i < n; ++i) p[i] = Value::undef();
      return p;
    }
  }
  return stack_alloc_slow(n);
}

inline Interpreter::StackMark Interpreter::stack_mark() const noexcept {
  return {stack_chunk_, stack_.empty() ? 0 : stack_[stack_chunk_].used};
}

inline void Interpreter::stack_release(Value* p) noexcept {
  Chunk& c = stack_[stack_chunk_];
  Value* base = c.data.get();
  if (p < base || p >= base + c.size) return stack_release_slow(p);  // in an earlier chunk
  Value* top = base + c.used;
  for (Value* q = p; q < top; ++q) *q = Value();
  // The chunk is left when empty, never released: a task's stack keeps its chunks for reuse.
  if ((c.used = size_t(p - base)) == 0 && stack_chunk_ > 0) --stack_chunk_;
}

int64_t hash_bytes(const std::string& s) noexcept;

// Dict and set lookups hash strs far more than anything else (names, attributes, keywords). Kept
// inline so that hash_object, which can call a Python __hash__ and so is instrumented by Asyncify
// in WebAssembly, runs only for other keys: in a fresh process V8 otherwise spends ~18 ms of its
// one compile thread optimising it during start-up, ahead of the program's own hot functions.
inline int64_t Interpreter::hash(const Value& v) {
  if (v.is(Kind::Str)) {
    Str* s = v.as<Str>();
    if (s->hash == -1) s->hash = hash_bytes(s->s);
    return s->hash;
  }
  return hash_object(v);
}

inline bool Interpreter::truthy(const Value& v) {
  switch (v.tag()) {
    case Tag::None: case Tag::Undef: return false;
    case Tag::Bool: case Tag::Int: return v.as_int() != 0;
    case Tag::Float: return v.as_float() != 0.0;
    case Tag::Obj: break;
  }
  return truthy_object(v);
}

inline double Interpreter::to_double(const Value& v) {
  if (v.is_float()) return v.as_float();
  if (v.is_int() || v.is_bool()) return double(v.as_int());
  return to_double_slow(v);
}

// Helpers for native functions ------------------------------------------
inline bool is_str(const Value& v) { return v.is(Kind::Str); }
inline Str* as_str(const Value& v) { return v.as<Str>(); }

}  // namespace loopscope::script
