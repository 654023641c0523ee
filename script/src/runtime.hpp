// Loopscope script: internal runtime structures shared by the evaluator's
// implementation files (frames, generators, small helpers).
#pragma once

#include <cassert>
#include <string>
#include <vector>

#include "ast.hpp"
#include "loopscope/script/interpreter.hpp"

namespace loopscope::script {

// Forced inline when optimising: for the evaluator's hot helpers, where each C++ call level costs
// (more so under WebAssembly + Asyncify). Not in an unoptimised build: there every inlined copy
// keeps stack slots of its own, and eval()'s frame, one per nested expression of every Python
// call, would grow fivefold.
#if defined(__OPTIMIZE__)
#define HOT_INLINE __attribute__((always_inline)) inline
#else
#define HOT_INLINE inline
#endif

// State a suspended generator keeps per active compound statement.
struct ResumeEntry {
  int index = 0;   // statement index / phase
  int phase = 0;
  Value a, b;      // iterator, context-manager exit, handled exception, ...
};

struct Frame {
  const Code* code = nullptr;
  Function* func = nullptr;
  Value* locals = nullptr;
  Dict* globals = nullptr;
  Dict* ns = nullptr;           // class namespace while executing a class body
  const Node* current = nullptr; // position reported in tracebacks
  Frame* back = nullptr;
  GeneratorObj* gen = nullptr;   // set while running a generator body
  Value retval;
  Value comp_result;             // list/set/dict being built by a comprehension
  bool pooled = false;           // in Interpreter::frames_ (see FramePool)
};

// The two halves of entering a Python frame, shared by class bodies and comprehensions. (A
// function call does the same by hand, in call_function and run_frame, so that no destructor is
// pending while its body runs: see the value stack in interpreter.hpp.)
//
// LocalSlots: `n` slots for the frame's locals on the interpreter's value stack, freed (with
// anything left above them) when the scope ends.
struct LocalSlots {
  LocalSlots(Interpreter& in, size_t n) : in(in), p(in.stack_alloc(n)) {}
  ~LocalSlots() { in.stack_release(p); }
  LocalSlots(const LocalSlots&) = delete;
  LocalSlots& operator=(const LocalSlots&) = delete;
  Interpreter& in;
  Value* const p;
};

// Keeps the "exception being handled" stack balanced on every exit path.
struct HandledGuard {
  std::vector<Value>& stack;
  bool active = false;
  HandledGuard(std::vector<Value>& s, const Value& v, bool on = true) : stack(s), active(on) {
    if (active) stack.push_back(v);
  }
  void release() {
    if (active) {
      stack.pop_back();
      active = false;
    }
  }
  ~HandledGuard() { release(); }
};

// The frame's cell variables get their cells (holding what the slot held: a bound argument, or
// nothing), and its free variables the closure's cells. Callers skip it when !code->has_cells.
inline void bind_cells(const Code* code, Value* locals, const Function& fn) {
  for (int i = 0; i < code->nlocals; ++i)
    if (code->slot_is_cell[size_t(i)]) {
      auto* c = new Cell();
      c->value = std::move(locals[i]);
      locals[i] = Value(c);
    }
  for (size_t i = 0; i < code->freevar_slots.size(); ++i) locals[code->freevar_slots[i]] = fn.closure[i];
}

// A call's locals: fresh raw slots on the value stack (see stack_alloc) with the arguments bound
// and the cells made. Shared by call_function and call_function_pooled.
HOT_INLINE Value* bind_locals(Interpreter& in, Function* fn, const Value* args, size_t nargs, const Value* kwnames,
                              const Value* kwvalues, size_t nkw, const Value* self) {
  const Code* code = fn->code;
  Value* locals = in.stack_alloc(code->slot_names.size());
  if (nkw == 0 && nargs + (self ? 1 : 0) == size_t(code->nparams_pos) && code->vararg_slot < 0 &&
      code->kwarg_slot < 0 && code->nparams_kwonly == 0) {
    // An exact positional call, bound here rather than in bind_arguments: no call.
    size_t i = 0;
    if (self) locals[i++] = *self;
    for (size_t j = 0; j < nargs; ++j) locals[i++] = args[j];
  } else {
    in.bind_arguments(fn, code, locals, self, args, nargs, kwnames, kwvalues, nkw);
  }
  if (code->has_cells) bind_cells(code, locals, *fn);
  return locals;
}

// Pooled frame records (see Interpreter::FramePool), for call_function_pooled and whoever unwinds.
// A cleared record on top of the pool (its Values were reset when it was last popped).
HOT_INLINE Frame* push_pooled(Interpreter::FramePool& p) {
  constexpr size_t kChunk = Interpreter::FramePool::kChunk;
  size_t i = p.used++;
  if (i / kChunk == p.chunks.size()) p.grow();
  return &p.chunks[i / kChunk][i % kChunk];
}

inline void pop_pooled(Interpreter::FramePool& p, Frame* fr) noexcept {
  constexpr size_t kChunk = Interpreter::FramePool::kChunk;
  assert(p.used > 0 && fr == &p.chunks[(p.used - 1) / kChunk][(p.used - 1) % kChunk]);
  (void)kChunk;
  fr->retval = Value();
  fr->comp_result = Value();
  --p.used;
}

// Runs body() with `fr` pushed on the frame chain: checks the recursion limit first, and adds
// fr's line to the traceback of a Python exception that leaves it.
template <class Body>
auto run_in_frame(Interpreter& in, Frame& fr, Body&& body) -> decltype(body()) {
  in.check_recursion();
  ++in.depth_;
  fr.back = in.frame_;
  in.frame_ = &fr;
  struct Restore {
    Interpreter& in;
    Frame* back;
    ~Restore() {
      in.frame_ = back;
      --in.depth_;
    }
  } restore{in, fr.back};
  try {
    return body();
  } catch (PyException& e) {
    in.unwind_pooled_frames(&fr, e.exc.get());
    in.add_traceback(e.exc.get(), fr);
    e.exc->tb_pending = true;
    throw;
  } catch (...) {
    in.unwind_pooled_frames(&fr, nullptr);
    throw;
  }
}

class GeneratorObj final : public Object {
 public:
  enum Flavor : uint8_t { Gen, Coro, AsyncGen };
  GeneratorObj() : Object(Kind::Generator) {}
  ~GeneratorObj() override;
  Flavor flavor = Gen;
  Ref<Function> func;
  std::vector<Value> locals;
  std::vector<ResumeEntry> resume;  // saved statement states, innermost first
  bool started = false, finished = false, running = false, resuming = false;
  Value sent;         // value delivered by send() to the suspended yield
  Value throw_exc;    // exception to raise at the suspended yield
  Value yielded;      // value produced by the last yield
  Value comp_result;
  Value delegate;     // sub-iterator of an active `yield from`
  Interpreter* interp = nullptr;
};

// sys.stdout / sys.stderr
class StreamObj final : public NativeObject {
 public:
  StreamObj(ClassObj* c, bool e) : NativeObject(c), err(e) {}
  bool err;
};

// iter(range(...)). Public here for exec_for, which steps it inline (no call: see operand() in
// eval.cpp); is_range tells it from other iterators without a virtual call.
class RangeIter final : public IterObj {
 public:
  static constexpr const char* kTypeName = "range_iterator";
  RangeIter(int64_t c, int64_t s, int64_t n) : IterObj(kTypeName), cur(c), step(s), left(n) {}
  static bool is_range(const Value& it) { return it.is(Kind::Iterator) && it.as<IterObj>()->type_name == kTypeName; }
  bool advance(Value& out) noexcept {
    if (left <= 0) return false;
    out = Value::integer(cur);
    cur += step;
    --left;
    return true;
  }
  bool next(Interpreter&, Value& out) override { return advance(out); }
  int64_t cur, step, left;
};

// Thrown by a yield expression to unwind to the statement level.
struct YieldSignal {};

// exception_groups.cpp: split/subgroup/derive on BaseExceptionGroup (set-up), and the handlers of
// a try/except* statement for `exc`: returns what leaves the statement (null: nothing).
void install_exception_group_methods(Interpreter& in);
bool is_exception_group(Interpreter& in, const Value& v);
const std::vector<Value>& group_exceptions(const Value& group);
// ExceptionGroup when every one of `excs` is an Exception, else BaseExceptionGroup
// (BaseExceptionGroup.__new__'s choice).
ClassObj* group_class_for(Interpreter& in, const std::vector<Value>& excs);
// Fills a new group as BaseExceptionGroup.__init__ does; its args (and so its repr) show `shown`,
// the sequence it was made from.
void init_group(Interpreter& in, ExceptionObj* e, const Value& message, const std::vector<Value>& excs, Value shown);
Ref<ExceptionObj> except_star(Interpreter& in, const TryStmt* t, const Ref<ExceptionObj>& exc, Frame& f);
// control.cpp: unbinds an except handler's `as` name when the handler ends, as CPython does.
void unbind_handler_name(Interpreter& in, const NameExpr* target, Frame& f);

// The entry index of an interned-or-not str key in a dict (-1: absent), without running user code.
inline int32_t dict_find_name_index(Dict* d, Str* name) noexcept {
  if (d->used == 0) return -1;
  if (name->hash == -1) name->hash = hash_bytes(name->s);
  size_t mask = d->index.size() - 1;
  size_t i = size_t(name->hash) & mask;
  size_t perturb = size_t(name->hash);
  while (true) {
    int32_t ix = d->index[i];
    if (ix == -1) return -1;
    if (ix >= 0) {
      Dict::Entry& e = d->entries[size_t(ix)];
      if (e.hash == name->hash && e.key.is(Kind::Str) &&
          (e.key.as<Str>() == name || e.key.as<Str>()->s == name->s))
        return ix;
    }
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

// Looks up an interned-or-not str key in a dict without running user code.
inline Value* dict_find_name(Dict* d, Str* name) noexcept {
  int32_t ix = dict_find_name_index(d, name);
  return ix < 0 ? nullptr : &d->entries[size_t(ix)].value;
}

// ---- small helpers
inline int64_t py_floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
inline int64_t py_mod(int64_t a, int64_t b) {
  int64_t m = a % b;
  if (m != 0 && ((m < 0) != (b < 0))) m += b;
  return m;
}

// float repr exactly like CPython (shortest round-trip).
std::string float_repr(double d);
// Python's hash of a double (consistent with int hashes).
int64_t hash_double(double d);
int64_t hash_int(int64_t v);
// Escapes a str for repr() with CPython's choice of quotes.
std::string str_repr(const std::string& s);
// UTF-8 helpers
size_t utf8_length(const std::string& s);
std::vector<uint32_t> utf8_decode(const std::string& s);
// The code point whose UTF-8 starts at byte i, and its length in bytes (*len).
uint32_t utf8_decode_at(const std::string& s, size_t i, size_t* len);
void utf8_append(std::string& out, uint32_t cp);
// Byte offset of code point `index` (0 <= index <= length).
size_t utf8_offset(const std::string& s, size_t index);

// Format spec mini-language (format(), f-strings, str.format).
struct FormatSpec {
  char fill = ' ';
  std::string fill_str = " ";
  char align = 0;   // '<', '>', '^', '=' or 0
  char sign = 0;    // '+', '-', ' ' or 0
  bool alt = false, zero = false;
  int width = -1;
  char grouping = 0;  // ',' or '_'
  int precision = -1;
  char type = 0;
  bool too_big = false;  // a width or precision past INT_MAX
};
bool parse_format_spec(std::string_view spec, FormatSpec& out);
std::string apply_padding(const std::string& body, const FormatSpec& fs, char default_align);
std::string format_int(Interpreter& in, int64_t v, const FormatSpec& fs);
std::string format_float(Interpreter& in, double v, const FormatSpec& fs);
std::string format_float_fixed(double v, int precision);  // like '%.*f'
std::string percent_format(Interpreter& in, const std::string& fmt, const Value& args);
std::string str_format_method(Interpreter& in, const std::string& fmt, const Args& a, size_t first);
bool is_printable_cp(uint32_t cp);  // text.cpp

// Bigint support (bigint.cpp): arbitrary precision integers beyond int64.
Value big_from_string(const std::string& digits, int base);
bool big_is(const Value& v);
Value int_binop(Interpreter& in, BinOpKind op, const Value& a, const Value& b);  // ints/bigints
int big_compare(const Value& a, const Value& b);  // -1, 0, 1 (a,b ints or bigints)
std::string int_to_string(const Value& v, int base = 10);
double int_to_double(const Value& v);  // inf when out of range (to_double raises OverflowError)
double int_truediv(Interpreter& in, const Value& a, const Value& b);  // a / b for ints, correctly scaled
int64_t big_hash(const Value& v);
Value int_from_double(Interpreter& in, double d);
Value int_normalize(Value v);  // demote a bigint that fits into int64
Value int_negate(const Value& v);
bool int_is_negative(const Value& v);
Value int_parse(Interpreter& in, const std::string& text, int base, bool& ok);

}  // namespace loopscope::script
