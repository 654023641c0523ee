// Core containers: str length, ordered dict, CPython-compatible set, classes.
#include <cstring>

#include "runtime.hpp"

namespace loopscope::script {

size_t Str::length() const {
  if (cp_len < 0) cp_len = int64_t(utf8_length(s));
  return size_t(cp_len);
}

int64_t Range::length() const {
  if (step > 0 && start < stop) return (stop - start - 1) / step + 1;
  if (step < 0 && start > stop) return (start - stop - 1) / (-step) + 1;
  return 0;
}

const Value* Args::kw(std::string_view name) const {
  for (size_t i = 0; i < nkw; ++i)
    if (kwnames[i].as<Str>()->s == name) return &kwvalues[i];
  return nullptr;
}

// Out of line and never inlined, on purpose: the virtual destructor call in here is an indirect
// call, which Asyncify must assume might switch fibers; inlined into every Value's destructor, it
// had Asyncify instrument nearly every function that drops a Value (stack_release, the dict
// code, ...). This function is on cmake/asyncify-remove.txt instead, and so nothing a destructor
// runs may switch fibers (python/ asserts it at every switch). The common final kinds are
// deleted by a direct call.
namespace {
thread_local int destroying = 0;
}
__attribute__((noinline)) void destroy_object(Object* o) noexcept {
  ++destroying;
  switch (o->kind) {
    case Kind::Str: delete static_cast<Str*>(o); break;
    case Kind::List: delete static_cast<List*>(o); break;
    case Kind::Tuple: delete static_cast<Tuple*>(o); break;
    case Kind::Dict: delete static_cast<Dict*>(o); break;
    case Kind::BoundMethod: delete static_cast<BoundMethod*>(o); break;
    case Kind::Cell: delete static_cast<Cell*>(o); break;
    case Kind::Function: delete static_cast<Function*>(o); break;
    default: delete o; break;
  }
  --destroying;
}

bool destroying_object() noexcept { return destroying > 0; }

Value Object::await_value(Interpreter& in) {
  in.raise("TypeError", "object " + in.type_name(Value(this)) + " can't be used in 'await' expression");
}

// ------------------------------------------------------------------- dict
namespace {
inline bool fast_key_eq(const Value& a, const Value& b, bool& decided) {
  decided = true;
  if (a.identical(b)) return true;
  if (a.is(Kind::Str) && b.is(Kind::Str)) return a.as<Str>()->s == b.as<Str>()->s;
  if (a.tag() == Tag::Int && b.tag() == Tag::Int) return false;
  decided = false;
  return false;
}
}  // namespace

long Dict::slot_of(Interpreter* in, const Value& key, int64_t hash) const {
  if (index.empty()) return -1;
  size_t mask = index.size() - 1;
  size_t i = size_t(hash) & mask;
  size_t perturb = size_t(hash);
  while (true) {
    int32_t ix = index[i];
    if (ix == -1) return -1;
    if (ix >= 0) {
      const Entry& e = entries[size_t(ix)];
      if (e.hash == hash) {
        bool decided;
        bool same = fast_key_eq(e.key, key, decided);
        if (!decided && in) same = in->eq(e.key, key);
        if (same) return long(i);
      }
    }
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
}

void Dict::rebuild(size_t capacity) {
  // compact entries
  if (used != entries.size()) {
    std::vector<Entry> live;
    live.reserve(used);
    for (auto& e : entries)
      if (e.live) live.push_back(std::move(e));
    entries = std::move(live);
  }
  size_t n = 8;
  while (n < capacity * 3 / 2 + 1) n <<= 1;
  index.assign(n, -1);
  size_t mask = n - 1;
  for (size_t k = 0; k < entries.size(); ++k) {
    size_t i = size_t(entries[k].hash) & mask;
    size_t perturb = size_t(entries[k].hash);
    while (index[i] != -1) {
      perturb >>= 5;
      i = (i * 5 + perturb + 1) & mask;
    }
    index[i] = int32_t(k);
  }
}

Value* Dict::find(Interpreter& in, const Value& key) { return find(in, key, in.hash(key)); }

Value* Dict::find(Interpreter& in, const Value& key, int64_t hash) {
  long s = slot_of(&in, key, hash);
  return s < 0 ? nullptr : &entries[size_t(index[size_t(s)])].value;
}

Value* Dict::find_str(std::string_view key) {
  if (used == 0) return nullptr;
  Str tmp{std::string(key)};
  tmp.refcount = 1000;  // stack object: never freed through a Value
  Value k(&tmp);
  long s = slot_of(nullptr, k, hash_bytes(tmp.s));
  return s < 0 ? nullptr : &entries[size_t(index[size_t(s)])].value;
}

void Dict::set(Interpreter& in, const Value& key, Value value) {
  int64_t h = in.hash(key);
  long s = slot_of(&in, key, h);
  if (s >= 0) {
    entries[size_t(index[size_t(s)])].value = std::move(value);
    return;
  }
  if ((entries.size() + 1) * 3 >= index.size() * 2) rebuild(used + 1);
  entries.push_back(Entry{key, std::move(value), h, true});
  ++used;
  size_t mask = index.size() - 1;
  size_t i = size_t(h) & mask;
  size_t perturb = size_t(h);
  while (index[i] >= 0) {
    perturb >>= 5;
    i = (i * 5 + perturb + 1) & mask;
  }
  index[i] = int32_t(entries.size() - 1);
}

void Dict::set_str(Interpreter& in, std::string_view key, Value value) {
  set(in, Value(in.intern(key).get()), std::move(value));
}

bool Dict::erase(Interpreter& in, const Value& key) {
  long s = slot_of(&in, key, in.hash(key));
  if (s < 0) return false;
  Entry& e = entries[size_t(index[size_t(s)])];
  e.live = false;
  e.key = Value();
  e.value = Value();
  index[size_t(s)] = -2;
  --used;
  if (used == 0) {
    entries.clear();
    index.clear();
  }
  return true;
}

void Dict::clear() {
  entries.clear();
  index.clear();
  used = 0;
}

// -------------------------------------------------------------------- set
// Mirrors CPython 3.11 Objects/setobject.c (linear probing + perturbation).
namespace {
constexpr size_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;
}  // namespace

bool Set::contains_hashed(Interpreter& in, const Value& key, int64_t hash) {
  size_t mask = table.size() - 1;
  size_t i = size_t(hash) & mask;
  size_t perturb = size_t(hash);
  while (true) {
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    size_t j = i;
    while (true) {
      const Slot& e = table[j];
      if (e.state == 0) return false;
      if (e.state == 1 && e.hash == hash) {
        bool decided;
        bool same = fast_key_eq(e.key, key, decided);
        if (!decided) same = in.eq(e.key, key);
        if (same) return true;
      }
      if (probes-- == 0) break;
      ++j;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

bool Set::contains(Interpreter& in, const Value& key) { return contains_hashed(in, key, in.hash(key)); }

void Set::add(Interpreter& in, const Value& key) { add_hashed(in, key, in.hash(key)); }

void Set::add_hashed(Interpreter& in, const Value& key, int64_t hash) {
  size_t mask = table.size() - 1;
  size_t i = size_t(hash) & mask;
  size_t perturb = size_t(hash);
  Slot* freeslot = nullptr;
  while (true) {
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    size_t j = i;
    while (true) {
      Slot& e = table[j];
      if (e.state == 0) {
        if (freeslot) {
          freeslot->key = key;
          freeslot->hash = hash;
          freeslot->state = 1;
          ++used;
          return;
        }
        e.key = key;
        e.hash = hash;
        e.state = 1;
        ++fill;
        ++used;
        if (fill * 5 < mask * 3) return;
        resize(used > 50000 ? used * 2 : used * 4);
        return;
      }
      if (e.state == 1 && e.hash == hash) {
        bool decided;
        bool same = fast_key_eq(e.key, key, decided);
        if (!decided) same = in.eq(e.key, key);
        if (same) return;
      } else if (e.state == 2 && !freeslot) {
        freeslot = &e;
      }
      if (probes-- == 0) break;
      ++j;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

void Set::resize(size_t minused) {
  size_t newsize = 8;
  while (newsize <= minused) newsize <<= 1;
  std::vector<Slot> old = std::move(table);
  table.assign(newsize, Slot{});
  size_t mask = newsize - 1;
  fill = used;
  for (auto& e : old) {
    if (e.state != 1) continue;
    size_t i = size_t(e.hash) & mask;
    size_t perturb = size_t(e.hash);
    while (true) {
      if (table[i].state == 0) break;
      bool found = false;
      if (i + kLinearProbes <= mask) {
        for (size_t j = 1; j <= kLinearProbes; ++j)
          if (table[i + j].state == 0) {
            i += j;
            found = true;
            break;
          }
      }
      if (found) break;
      perturb >>= kPerturbShift;
      i = (i * 5 + 1 + perturb) & mask;
    }
    table[i] = std::move(e);
  }
}

bool Set::discard(Interpreter& in, const Value& key) {
  int64_t hash = in.hash(key);
  size_t mask = table.size() - 1;
  size_t i = size_t(hash) & mask;
  size_t perturb = size_t(hash);
  while (true) {
    size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
    size_t j = i;
    while (true) {
      Slot& e = table[j];
      if (e.state == 0) return false;
      if (e.state == 1 && e.hash == hash) {
        bool decided;
        bool same = fast_key_eq(e.key, key, decided);
        if (!decided) same = in.eq(e.key, key);
        if (same) {
          e.key = Value();
          e.state = 2;
          e.hash = -1;
          --used;
          return true;
        }
      }
      if (probes-- == 0) break;
      ++j;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

void Set::clear() {
  table.assign(8, Slot{});
  used = fill = 0;
  finger = 0;
}

// ---------------------------------------------------------------- classes
Value* ClassObj::lookup(std::string_view n) const {
  for (ClassObj* c : mro) {
    Value* v = c->dict->find_str(n);
    if (v) return v;
  }
  return nullptr;
}

bool ClassObj::is_subclass_of(const ClassObj* other) const {
  for (ClassObj* c : mro)
    if (c == other) return true;
  return false;
}

const Value& Args::missing() {
  static const Value none;
  return none;
}

}  // namespace loopscope::script
