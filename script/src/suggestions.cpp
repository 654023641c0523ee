// "Did you mean": the name CPython 3.11 offers when it prints a NameError or an AttributeError
// (Python/suggestions.c), computed the same way, so that a learner's typo gets the same hint.
#include "runtime.hpp"

namespace loopscope::script {

void sort_list(Interpreter& in, std::vector<Value>& items, const Value& key, bool reverse);  // methods.cpp

namespace {
constexpr size_t kMaxCandidateItems = 750;
constexpr size_t kMaxStringSize = 40;
constexpr size_t kMoveCost = 2;
constexpr size_t kCaseCost = 1;

size_t substitution_cost(char a, char b) {
  if ((a & 31) != (b & 31)) return kMoveCost;
  if (a == b) return 0;
  if (a >= 'A' && a <= 'Z') a = char(a + ('a' - 'A'));
  if (b >= 'A' && b <= 'Z') b = char(b + ('a' - 'A'));
  return a == b ? kCaseCost : kMoveCost;
}

// Levenshtein distance with CPython's costs (a case change costs half a substitution), giving up
// (returning more than max_cost) as soon as the answer must exceed max_cost. On UTF-8 bytes, as
// CPython's.
size_t levenshtein(std::string_view a, std::string_view b, size_t max_cost) {
  while (!a.empty() && !b.empty() && a.front() == b.front()) a.remove_prefix(1), b.remove_prefix(1);
  while (!a.empty() && !b.empty() && a.back() == b.back()) a.remove_suffix(1), b.remove_suffix(1);
  if (a.empty() || b.empty()) return (a.size() + b.size()) * kMoveCost;
  if (a.size() > kMaxStringSize || b.size() > kMaxStringSize) return max_cost + 1;
  if (b.size() < a.size()) std::swap(a, b);
  if ((b.size() - a.size()) * kMoveCost > max_cost) return max_cost + 1;
  size_t row[kMaxStringSize];
  for (size_t i = 0; i < a.size(); ++i) row[i] = (i + 1) * kMoveCost;
  size_t result = 0;
  for (size_t bi = 0; bi < b.size(); ++bi) {
    size_t distance = result = bi * kMoveCost;
    size_t minimum = SIZE_MAX;
    for (size_t ai = 0; ai < a.size(); ++ai) {
      size_t substitute = distance + substitution_cost(b[bi], a[ai]);
      distance = row[ai];
      size_t insert_delete = std::min(result, distance) + kMoveCost;
      result = std::min(insert_delete, substitute);
      row[ai] = result;
      minimum = std::min(minimum, result);
    }
    if (minimum > max_cost) return max_cost + 1;
  }
  return result;
}

// The closest of `candidates` to `name`, or null: at most a third of the characters changed,
// and the first of equally close ones.
const Str* closest(const std::vector<Value>& candidates, const std::string& name) {
  if (candidates.size() >= kMaxCandidateItems) return nullptr;
  const Str* best = nullptr;
  size_t best_distance = SIZE_MAX;
  for (const Value& c : candidates) {
    if (!c.is(Kind::Str)) continue;
    const std::string& s = c.as<Str>()->s;
    if (s == name) continue;
    size_t max_distance = std::min((name.size() + s.size() + 3) * kMoveCost / 6, best_distance - 1);
    size_t d = levenshtein(name, s, max_distance);
    if (d > max_distance) continue;
    if (!best || d < best_distance) {
      best = c.as<Str>();
      best_distance = d;
    }
  }
  return best;
}

std::vector<Value> keys_of(Dict* d) {
  std::vector<Value> keys;
  if (d) d->for_each([&](const Value& k, const Value&) { keys.push_back(k); });
  return keys;
}
}  // namespace

// dir(obj): the names an object has, sorted (the builtin, and AttributeError's hint).
std::vector<Value> Interpreter::dir_of(const Value& obj) {
  std::vector<Value> names;
  auto add = [&](Dict* d) {
    for (Value& k : keys_of(d)) names.push_back(std::move(k));
  };
  if (obj.is(Kind::Module)) {
    finish_module(*obj.as<Module>());
    add(obj.as<Module>()->dict.get());
  } else if (obj.is(Kind::Class)) {
    for (ClassObj* c : obj.as<ClassObj>()->mro) add(c->dict.get());
  } else {
    if ((obj.is(Kind::Instance) || obj.is(Kind::Exception)) && obj.as<Instance>()->dict) add(obj.as<Instance>()->dict.get());
    for (ClassObj* c : type_of(obj)->mro) add(c->dict.get());
    // attributes getattr answers without a class entry
    if (obj.is_int() || obj.is_bool() || obj.is(Kind::BigInt))
      for (const char* n : {"real", "imag", "numerator", "denominator"}) names.push_back(Value(intern(n).get()));
    if (obj.is_float())
      for (const char* n : {"real", "imag"}) names.push_back(Value(intern(n).get()));
  }
  std::vector<Value> unique;
  for (auto& n : names) {
    bool dup = false;
    for (auto& u : unique)
      if (eq(u, n)) dup = true;
    if (!dup) unique.push_back(n);
  }
  sort_list(*this, unique, Value(), false);
  return unique;
}

// An AttributeError for obj.name, with CPython's `name` and `obj` attributes (its hint needs
// them when the error is printed).
void Interpreter::raise_attribute_error(const Value& obj, Str* name, std::string message) {
  Ref<ExceptionObj> e = new_exception(exc_classes_["AttributeError"], std::move(message));
  if (!e->dict) e->dict = new Dict();
  e->dict->set_str(*this, "name", Value(name));
  e->dict->set_str(*this, "obj", obj);
  set_context(e.get());
  throw PyException(e);
}

// A NameError for `name` looked up in frame f. CPython finds its hint, when printing, among the
// names of the frame where it was raised: its locals, then its globals, then the builtins. That
// frame is gone by then here, so the hint is found now.
void Interpreter::raise_name_error(const Node* at, Frame& f, ClassObj* cls, Str* name, std::string message) {
  f.current = at;
  Ref<ExceptionObj> e = new_exception(cls, std::move(message));
  if (!e->dict) e->dict = new Dict();
  e->dict->set_str(*this, "name", Value(name));
  std::vector<Value> locals;
  if (f.code)
    for (auto& n : f.code->slot_names) locals.push_back(Value(n.get()));
  const Str* hint = closest(locals, name->s);
  if (!hint) hint = closest(keys_of(f.globals), name->s);
  if (!hint) hint = closest(keys_of(builtins_.get()), name->s);
  if (hint) e->suggestion = hint->s;
  set_context(e.get());
  throw PyException(e);
}

// What CPython appends to the printed message: ". Did you mean: 'x'?" or nothing.
std::string Interpreter::suggestion_hint(const ExceptionObj& e) {
  std::string hint = e.suggestion;
  if (hint.empty() && e.cls->is_subclass_of(exc_classes_["AttributeError"]) && e.dict) {
    Value* name = e.dict->find_str("name");
    Value* obj = e.dict->find_str("obj");
    if (name && obj && name->is(Kind::Str)) {
      try {
        if (const Str* s = closest(dir_of(*obj), name->as<Str>()->s)) hint = s->s;
      } catch (PyException&) {
        // as CPython: no hint when dir() fails
      }
    }
  }
  return hint.empty() ? "" : ". Did you mean: " + repr(new_str(hint)) + "?";
}

}  // namespace loopscope::script
