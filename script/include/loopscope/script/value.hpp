// Loopscope script: the compact value representation.
//
// A Value is 16 bytes: a tag plus either an inline scalar (None, bool, 64-bit
// int, double) or a pointer to a reference-counted heap Object. Copying a
// Value that holds an Object bumps its reference count; there is no cycle
// collector, so reference cycles leak (programs are short-lived).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace loopscope::script {

class Interpreter;
class Object;
class Value;

// Undef marks unbound local variables / empty slots; it never escapes to Python code.
enum class Tag : uint8_t { None, Bool, Int, Float, Obj, Undef };

// Kinds of heap objects; used for fast type dispatch without virtual calls.
enum class Kind : uint8_t {
  Str, List, Tuple, Dict, Set, FrozenSet, Range, Slice, BigInt,
  Function, NativeFunction, BoundMethod, Class, Instance, Exception, Module,
  Cell, Generator, Iterator, DictView, Property, StaticMethod, ClassMethod,
  Super, NotImplementedType, Ellipsis, Native
};

class Object {
 public:
  explicit Object(Kind k) : kind(k) {}
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  virtual ~Object() = default;

  // The seam for `await obj` on objects that are not coroutines created by
  // `async def` (e.g. asyncio futures and tasks defined in C++). The default
  // raises TypeError: "object X can't be used in 'await' expression".
  virtual Value await_value(Interpreter& interp);

  uint32_t refcount = 0;
  Kind kind;
};

// Called when the count drops to zero. noexcept is exact (it only runs a destructor) and matters:
// in WebAssembly every call that may throw from a function with cleanups goes through a JS
// trampoline, and this call sits inside every Value's destructor.
void destroy_object(Object* o) noexcept;
// True while destroy_object runs (on this thread): a fiber switch then is a bug (see objects.cpp).
bool destroying_object() noexcept;

inline void incref(Object* o) noexcept { ++o->refcount; }
inline void decref(Object* o) noexcept {
  if (--o->refcount == 0) destroy_object(o);
}

class Value {
 public:
  Value() : tag_(Tag::None) { u_.i = 0; }
  Value(const Value& o) : tag_(o.tag_), u_(o.u_) {
    if (tag_ == Tag::Obj) incref(u_.o);
  }
  Value(Value&& o) noexcept : tag_(o.tag_), u_(o.u_) { o.tag_ = Tag::None; }
  // Takes a new reference to `o` (which may have refcount 0 when fresh).
  Value(Object* o) : tag_(Tag::Obj) {  // NOLINT: implicit on purpose
    u_.o = o;
    incref(o);
  }
  ~Value() {
    if (tag_ == Tag::Obj) decref(u_.o);
  }
  Value& operator=(const Value& o) {
    if (o.tag_ == Tag::Obj) incref(o.u_.o);
    release();
    tag_ = o.tag_;
    u_ = o.u_;
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      release();
      tag_ = o.tag_;
      u_ = o.u_;
      o.tag_ = Tag::None;
    }
    return *this;
  }

  static Value none() { return Value(); }
  static Value undef() {
    Value v;
    v.tag_ = Tag::Undef;
    return v;
  }
  bool is_undef() const { return tag_ == Tag::Undef; }
  static Value boolean(bool b) {
    Value v;
    v.tag_ = Tag::Bool;
    v.u_.i = b ? 1 : 0;
    return v;
  }
  static Value integer(int64_t i) {
    Value v;
    v.tag_ = Tag::Int;
    v.u_.i = i;
    return v;
  }
  static Value floating(double d) {
    Value v;
    v.tag_ = Tag::Float;
    v.u_.f = d;
    return v;
  }

  Tag tag() const { return tag_; }
  bool is_none() const { return tag_ == Tag::None; }
  bool is_bool() const { return tag_ == Tag::Bool; }
  bool is_int() const { return tag_ == Tag::Int; }  // small (inline) int only
  bool is_float() const { return tag_ == Tag::Float; }
  bool is_obj() const { return tag_ == Tag::Obj; }
  bool is(Kind k) const { return tag_ == Tag::Obj && u_.o->kind == k; }

  bool as_bool() const { return u_.i != 0; }
  int64_t as_int() const { return u_.i; }
  double as_float() const { return u_.f; }
  Object* obj() const { return u_.o; }
  template <class T>
  T* as() const { return static_cast<T*>(u_.o); }

  // Identity comparison (Python `is`).
  bool identical(const Value& o) const {
    if (tag_ != o.tag_) return false;
    if (tag_ == Tag::Float) return u_.f == o.u_.f;
    return u_.i == o.u_.i || (tag_ == Tag::Obj && u_.o == o.u_.o);
  }

 private:
  void release() {
    if (tag_ == Tag::Obj) decref(u_.o);
  }
  Tag tag_;
  union {
    int64_t i;
    double f;
    Object* o;
  } u_;
};

// Intrusive owning pointer for typed access to heap objects.
template <class T>
class Ref {
 public:
  Ref() = default;
  Ref(T* p) : p_(p) {  // NOLINT
    if (p_) incref(p_);
  }
  Ref(const Ref& o) : p_(o.p_) {
    if (p_) incref(p_);
  }
  Ref(Ref&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  template <class U>
  Ref(const Ref<U>& o) : p_(o.get()) {  // NOLINT
    if (p_) incref(p_);
  }
  ~Ref() {
    if (p_) decref(p_);
  }
  Ref& operator=(Ref o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }
  operator Value() const { return p_ ? Value(static_cast<Object*>(p_)) : Value(); }  // NOLINT

 private:
  T* p_ = nullptr;
};

}  // namespace loopscope::script
