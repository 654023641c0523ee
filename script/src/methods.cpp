// Methods of built-in types: str, list, tuple, dict, set, int, float,
// object, generators and friends.
#include <algorithm>
#include <cmath>

#include "runtime.hpp"

namespace loopscope::script {

Value make_dict_view(const Value& d, int mode);
void sort_list(Interpreter& in, std::vector<Value>& items, const Value& key, bool reverse);
Value new_set_from(Interpreter& in, const Value& iterable, bool frozen);
void dict_update(Interpreter& in, Dict* d, const Value& src);

namespace {
const std::string& S(const Value& v) { return v.as<Str>()->s; }

enum class ArgStyle { Clinic, Legacy };

// CPython words a wrong argument count three ways, by how the method takes its arguments: one
// argument (METH_O: "str.join() takes exactly one argument (0 given)"), Argument Clinic
// ("replace expected at least 2 arguments, got 1") or the older PyArg_ParseTuple (Legacy:
// "find() takes at least 1 argument (0 given)").
void need(Interpreter& in, const Args& a, const char* name, size_t min, size_t max, ArgStyle style = ArgStyle::Clinic) {
  size_t got = a.size() - 1;
  if (got >= min && got <= max) return;
  std::string given = std::to_string(got);
  if (min == max && min <= 1)
    in.raise("TypeError", std::string(name) + "() takes " + (min == 0 ? "no arguments" : "exactly one argument") + " (" + given + " given)");
  size_t n = got < min ? min : max;
  std::string count = std::to_string(n) + " argument" + (n == 1 ? "" : "s");
  std::string bound = min == max ? "" : got < min ? "at least " : "at most ";
  if (style == ArgStyle::Legacy)
    in.raise("TypeError", std::string(name) + "() takes " + bound + count + " (" + given + " given)");
  in.raise("TypeError", std::string(name) + " expected " + bound + count + ", got " + given);
}

// The substring find/index/count/partition look for (their TypeError has no method name).
void substring_arg(Interpreter& in, const Value& v) {
  if (!v.is(Kind::Str)) in.raise("TypeError", "must be str, not " + in.type_name(v));
}

// removeprefix/removesuffix: one str argument (Argument Clinic's words, which name None as None).
void affix_arg(Interpreter& in, const Args& a, const char* name) {
  need(in, a, (std::string("str.") + name).c_str(), 1, 1);
  if (!a[1].is(Kind::Str))
    in.raise("TypeError", std::string(name) + "() argument must be str, not " +
                              (a[1].is_none() ? std::string("None") : in.type_name(a[1])));
}

std::string str_arg(Interpreter& in, const Value& v, const char* what) {
  if (!v.is(Kind::Str)) in.raise("TypeError", std::string(what) + " arg must be None or str");
  return S(v);
}

bool is_space_cp(uint32_t cp);

// Where the code point that ends at byte i starts.
size_t start_before(const std::string& s, size_t i) {
  size_t b = i - 1;
  while (b > 0 && i - b < 4 && ((unsigned char)s[b] & 0xC0) == 0x80) --b;
  return b;
}
// Byte length of the whitespace character (str.isspace's) starting at / ending at byte i, or 0.
size_t space_at(const std::string& s, size_t i) {
  size_t n;
  return is_space_cp(utf8_decode_at(s, i, &n)) ? n : 0;
}
size_t space_before(const std::string& s, size_t i) {
  size_t b = start_before(s, i), n;
  return is_space_cp(utf8_decode_at(s, b, &n)) && b + n == i ? n : 0;
}

// Code point index of a byte offset.
int64_t cp_index(const std::string& s, size_t byte) { return int64_t(utf8_length(s.substr(0, byte))); }

// Resolves optional start/end (code point indices) into byte offsets.
void range_args(Interpreter& in, const Args& a, size_t first, const std::string& s, size_t& b0, size_t& b1) {
  int64_t len = int64_t(utf8_length(s));
  int64_t st = 0, en = len;
  if (a.size() > first && !a[first].is_none()) st = in.to_index(a[first]);
  if (a.size() > first + 1 && !a[first + 1].is_none()) en = in.to_index(a[first + 1]);
  if (st < 0) st = std::max<int64_t>(0, st + len);
  if (en < 0) en = std::max<int64_t>(0, en + len);
  st = std::min(st, len);
  en = std::min(en, len);
  b0 = utf8_offset(s, size_t(st));
  b1 = utf8_offset(s, size_t(std::max(st, en)));
}

std::vector<std::string> split_ws(const std::string& s, int64_t maxsplit) {
  std::vector<std::string> out;
  size_t i = 0, n = s.size(), w;
  while (true) {
    while (i < n && (w = space_at(s, i))) i += w;
    if (i >= n) break;
    if (maxsplit >= 0 && int64_t(out.size()) >= maxsplit) {  // the rest, trailing whitespace too
      out.push_back(s.substr(i));
      break;
    }
    size_t j = i, len;
    while (j < n && !space_at(s, j)) {
      utf8_decode_at(s, j, &len);
      j += len;
    }
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string> rsplit_ws(const std::string& s, int64_t maxsplit) {
  std::vector<std::string> out;
  size_t i = s.size(), w;
  while (true) {
    while (i > 0 && (w = space_before(s, i))) i -= w;
    if (i == 0) break;
    if (maxsplit >= 0 && int64_t(out.size()) >= maxsplit) {  // the rest, leading whitespace too
      out.push_back(s.substr(0, i));
      break;
    }
    size_t j = i;
    while (j > 0 && !space_before(s, j)) j = start_before(s, j);
    out.push_back(s.substr(j, i - j));
    i = j;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Value str_list(Interpreter& in, const std::vector<std::string>& parts) {
  std::vector<Value> v;
  v.reserve(parts.size());
  for (auto& p : parts) v.push_back(in.new_str(p));
  return in.new_list(std::move(v));
}

// str.strip & co. on whole code points: whitespace, or the code points of `chars`.
std::string strip_chars(const std::string& s, const std::string* chars, bool left, bool right) {
  std::vector<uint32_t> set;
  if (chars) set = utf8_decode(*chars);
  auto in_set = [&](uint32_t cp) { return chars ? std::find(set.begin(), set.end(), cp) != set.end() : is_space_cp(cp); };
  size_t a = 0, b = s.size(), n;
  if (left)
    while (a < b && in_set(utf8_decode_at(s, a, &n))) a += n;
  if (right)
    while (b > a) {
      size_t start = start_before(s, b);
      if (!in_set(utf8_decode_at(s, start, &n))) break;
      b = start;
    }
  return s.substr(a, b - a);
}

// Character classes for str.isalpha & co. beyond ASCII: the letters and digits of the scripts
// tutorials' strings are written in (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, kana, CJK,
// Hangul), not the whole Unicode database.
bool is_letter_cp(uint32_t cp) {
  if (cp < 0x80) return std::isalpha(int(cp)) != 0;
  if (cp == 0xAA || cp == 0xB5 || cp == 0xBA) return true;
  if (cp >= 0xC0 && cp <= 0x2C1) return cp != 0xD7 && cp != 0xF7;  // Latin, IPA, modifier letters
  if ((cp >= 0x2C6 && cp <= 0x2D1) || (cp >= 0x2E0 && cp <= 0x2E4) || cp == 0x2EC || cp == 0x2EE) return true;
  if (cp >= 0x370 && cp <= 0x3FF)
    return cp != 0x375 && cp != 0x37E && cp != 0x384 && cp != 0x385 && cp != 0x387 && cp != 0x3F6 && !(cp >= 0x378 && cp <= 0x379) &&
           !(cp >= 0x380 && cp <= 0x383) && cp != 0x38B && cp != 0x38D && cp != 0x3A2;
  return (cp >= 0x400 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x52F) || (cp >= 0x531 && cp <= 0x556) ||
         cp == 0x559 || (cp >= 0x560 && cp <= 0x588) || (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x5EF && cp <= 0x5F2) ||
         (cp >= 0x620 && cp <= 0x64A) || cp == 0x66E || cp == 0x66F || (cp >= 0x671 && cp <= 0x6D3) ||
         (cp >= 0x1E00 && cp <= 0x1FBC) || (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309D && cp <= 0x309F) ||
         (cp >= 0x30A1 && cp <= 0x30FA) || (cp >= 0x30FC && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3);
}
// Decimal digits (str.isdecimal): ASCII, Arabic-Indic, Devanagari, fullwidth.
bool is_decimal_cp(uint32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9) ||
         (cp >= 0x966 && cp <= 0x96F) || (cp >= 0xFF10 && cp <= 0xFF19);
}
bool is_digit_cp(uint32_t cp) { return is_decimal_cp(cp) || cp == 0xB2 || cp == 0xB3 || cp == 0xB9; }
bool is_numeric_cp(uint32_t cp) { return is_digit_cp(cp) || (cp >= 0xBC && cp <= 0xBE); }
bool is_alnum_cp(uint32_t cp) { return is_letter_cp(cp) || is_numeric_cp(cp); }
bool is_space_cp(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool all_chars(const std::string& s, bool (*pred)(uint32_t)) {
  if (s.empty()) return false;
  for (uint32_t cp : utf8_decode(s))
    if (!pred(cp)) return false;
  return true;
}

// One letter's simple case mapping, for the scripts tutorials' strings are written in: ASCII,
// Latin-1, Latin Extended-A, Greek and Cyrillic (not the whole of UnicodeData.txt).
// Latin Extended-A comes in capital/small pairs: capitals at even code points, except in
// U+0139-U+0148 and U+0179-U+017E, where they are odd.
bool latin_a_capital(uint32_t cp) {
  bool odd_capitals = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  return cp % 2 == (odd_capitals ? 1u : 0u);
}

uint32_t map_case_letter(uint32_t cp, bool upper) {
  if (cp < 0x80) return uint32_t(upper ? std::toupper(int(cp)) : std::tolower(int(cp)));
  if (upper) {
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
    if (cp == 0xFF) return 0x178;
    if (cp == 0xB5) return 0x39C;                                       // micro sign
    if (cp == 0x131) return 'I';                                        // dotless i
    if (cp == 0x17F) return 'S';                                        // long s
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x138 && cp != 0x149) return latin_a_capital(cp) ? cp : cp - 1;
    if ((cp >= 0x370 && cp <= 0x373) || cp == 0x376 || cp == 0x377) return cp & ~1u;
    if (cp == 0x3C2) return 0x3A3;                                      // final sigma
    if (cp >= 0x3B1 && cp <= 0x3CB) return cp - 0x20;                   // Greek
    if (cp == 0x3AC) return 0x386;
    if (cp >= 0x3AD && cp <= 0x3AF) return cp - 0x25;
    if (cp == 0x3CC) return 0x38C;
    if (cp == 0x3CD || cp == 0x3CE) return cp - 0x3F;
    if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;                   // Cyrillic
    if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
    return cp;
  }
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x138 && cp != 0x149 && cp != 0x17F)
    return latin_a_capital(cp) ? cp + 1 : cp;
  if ((cp >= 0x370 && cp <= 0x373) || cp == 0x376 || cp == 0x377) return cp | 1u;
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;
  if (cp == 0x386) return 0x3AC;
  if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
  if (cp == 0x38C) return 0x3CC;
  if (cp == 0x38E || cp == 0x38F) return cp + 0x3F;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

bool is_cased(uint32_t cp) { return cp == 0xDF || map_case_letter(cp, true) != map_case_letter(cp, false); }
bool is_upper_letter(uint32_t cp) { return map_case_letter(cp, false) != cp; }
bool is_lower_letter(uint32_t cp) { return is_cased(cp) && !is_upper_letter(cp); }

// Unicode's Case_Ignorable characters a tutorial's text has: apostrophes, periods, colons,
// accents written alone, combining marks.
bool is_case_ignorable(uint32_t cp) {
  switch (cp) {
    case '\'': case '.': case ':': case '^': case '`': case 0xA8: case 0xAD: case 0xAF: case 0xB4:
    case 0xB7: case 0xB8: case 0x2019: return true;
    default: return cp >= 0x300 && cp <= 0x36F;
  }
}

// SpecialCasing.txt's Final_Sigma: a cased letter before (case-ignorable ones skipped), none after.
bool final_sigma(const std::vector<uint32_t>& cps, size_t i) {
  size_t b = i;
  while (b > 0 && is_case_ignorable(cps[b - 1])) --b;
  if (b == 0 || !is_cased(cps[b - 1])) return false;
  size_t f = i + 1;
  while (f < cps.size() && is_case_ignorable(cps[f])) ++f;
  return f == cps.size() || !is_cased(cps[f]);
}

enum class CaseMode { Upper, Lower, Casefold, Swap, Title, Capitalize };

// str.upper/lower/casefold/swapcase/title/capitalize on code points, with the two special
// cases tutorials meet: ß (upper "SS", title "Ss", casefold "ss") and Greek final sigma
// (Σ at the end of a word lowers to ς; casefold gives σ).
std::string map_case(const std::string& s, CaseMode mode) {
  std::string out;
  if ((mode == CaseMode::Upper || mode == CaseMode::Lower) &&
      std::all_of(s.begin(), s.end(), [](char c) { return (unsigned char)c < 0x80; })) {
    out = s;
    for (auto& c : out) c = char(mode == CaseMode::Upper ? std::toupper((unsigned char)c) : std::tolower((unsigned char)c));
    return out;
  }
  std::vector<uint32_t> cps = utf8_decode(s);
  auto upper = [&](uint32_t cp, bool title) {
    if (cp == 0xDF) out += title ? "Ss" : "SS";
    else utf8_append(out, map_case_letter(cp, true));
  };
  auto lower = [&](size_t i) {
    uint32_t cp = cps[i];
    if (mode == CaseMode::Casefold) {
      if (cp == 0xDF) out += "ss";
      else utf8_append(out, cp == 0x3C2 ? 0x3C3 : map_case_letter(cp, false));
      return;
    }
    if (cp == 0x3A3 && final_sigma(cps, i)) {
      utf8_append(out, 0x3C2);
      return;
    }
    utf8_append(out, map_case_letter(cp, false));
  };
  bool prev_cased = false;
  for (size_t i = 0; i < cps.size(); ++i) {
    uint32_t cp = cps[i];
    switch (mode) {
      case CaseMode::Upper: upper(cp, false); break;
      case CaseMode::Lower: case CaseMode::Casefold: lower(i); break;
      case CaseMode::Swap:
        if (is_upper_letter(cp)) lower(i);
        else upper(cp, false);
        break;
      case CaseMode::Title:
        if (prev_cased) lower(i);
        else upper(cp, true);
        prev_cased = is_cased(cp);
        break;
      case CaseMode::Capitalize:
        if (i == 0) upper(cp, true);
        else lower(i);
        break;
    }
  }
  return out;
}

// What an async generator's __anext__(), asend(v), athrow(exc) and aclose() return: awaiting it
// resumes the generator (sending v, or raising exc or GeneratorExit at its yield).
class AnextAwaitable final : public NativeObject {
 public:
  enum Mode { Send, Throw, Close };
  AnextAwaitable(ClassObj* c, Value g, Mode mode = Send, Value arg = Value())
      : NativeObject(c), gen(std::move(g)), mode(mode), arg(std::move(arg)) {}
  Value await_value(Interpreter& in) override {
    auto* g = gen.as<GeneratorObj>();
    if (mode == Close) {
      in.generator_close(g);
      return Value();
    }
    bool done = false;
    Value v = mode == Throw ? in.generator_throw(g, arg, &done) : in.generator_send(g, arg, &done);
    if (done) throw PyException(in.new_exception(in.exception_class("StopAsyncIteration"), std::vector<Value>{}));
    return v;
  }
  Value gen;
  Mode mode;
  Value arg;  // the value sent, or the exception thrown
};
}  // namespace

// set algebra with CPython's iteration orders
Value set_operation(Interpreter& in, BinOpKind op, const Value& a0, const Value& b0) {
  Value a = a0.is(Kind::DictView) ? new_set_from(in, a0, false) : a0;
  Value b = b0;
  if (!(b.is(Kind::Set) || b.is(Kind::FrozenSet))) {
    if (b.is(Kind::DictView)) b = new_set_from(in, b0, false);
    else return Value::undef();
  }
  bool frozen = a.is(Kind::FrozenSet);
  Set* x = a.as<Set>();
  Set* y = b.as<Set>();
  switch (op) {
    case BinOpKind::BitOr: {
      Value r = new_set_from(in, a, frozen);
      y->for_each([&](const Value& k) { r.as<Set>()->add(in, k); });
      return r;
    }
    case BinOpKind::BitAnd: {
      auto* r = new Set(frozen);
      Value rv(r);
      Set* small = x;
      Set* big = y;
      if (y->size() > x->size()) {
        small = x;
        big = y;
      } else {
        small = y;
        big = x;
      }
      for (auto& slot : small->table)
        if (slot.state == 1 && big->contains_hashed(in, slot.key, slot.hash)) r->add_hashed(in, slot.key, slot.hash);
      return rv;
    }
    case BinOpKind::Sub: {
      if ((x->size() >> 2) > y->size()) {
        Value r = new_set_from(in, a, frozen);
        y->for_each([&](const Value& k) { r.as<Set>()->discard(in, k); });
        return r;
      }
      auto* r = new Set(frozen);
      Value rv(r);
      for (auto& slot : x->table)
        if (slot.state == 1 && !y->contains_hashed(in, slot.key, slot.hash)) r->add_hashed(in, slot.key, slot.hash);
      return rv;
    }
    case BinOpKind::BitXor: {
      Value r = new_set_from(in, a, frozen);
      for (auto& slot : y->table) {
        if (slot.state != 1) continue;
        if (!r.as<Set>()->discard(in, slot.key)) r.as<Set>()->add_hashed(in, slot.key, slot.hash);
      }
      return r;
    }
    default: return Value::undef();
  }
}

void Interpreter::init_str_methods() {
  ClassObj* t = types.str;
  def_method(t, "format", [](Interpreter& in, const Args& a) -> Value { return in.new_str(str_format_method(in, S(a[0]), a, 1)); });
  def_method(t, "join", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "str.join", 1, 1);
    std::string out;
    const std::string& sep = S(a[0]);
    Value it = in.iter(a[1]), x;
    size_t i = 0;
    while (in.next(it, x)) {
      if (!x.is(Kind::Str))
        in.raise("TypeError", "sequence item " + std::to_string(i) + ": expected str instance, " + in.type_name(x) + " found");
      if (i++) out += sep;
      out += S(x);
    }
    return in.new_str(std::move(out));
  });
  auto split_impl = [](bool right) {
    return [right](Interpreter& in, const Args& a) -> Value {
      const std::string& s = S(a[0]);
      const Value* sepv = a.get(1, "sep");
      const Value* msv = a.get(2, "maxsplit");
      int64_t maxsplit = msv ? in.to_index(*msv) : -1;
      if (!sepv || sepv->is_none()) return str_list(in, right ? rsplit_ws(s, maxsplit) : split_ws(s, maxsplit));
      std::string sep = str_arg(in, *sepv, "sep");
      if (sep.empty()) in.raise("ValueError", "empty separator");
      std::vector<std::string> out;
      if (!right) {
        size_t pos = 0;
        while (true) {
          size_t f = (maxsplit >= 0 && int64_t(out.size()) >= maxsplit) ? std::string::npos : s.find(sep, pos);
          if (f == std::string::npos) {
            out.push_back(s.substr(pos));
            break;
          }
          out.push_back(s.substr(pos, f - pos));
          pos = f + sep.size();
        }
      } else {
        size_t end = s.size();
        while (true) {
          size_t f = (maxsplit >= 0 && int64_t(out.size()) >= maxsplit) || end < sep.size()
                         ? std::string::npos
                         : s.rfind(sep, end - sep.size());
          if (f == std::string::npos) {
            out.push_back(s.substr(0, end));
            break;
          }
          out.push_back(s.substr(f + sep.size(), end - f - sep.size()));
          end = f;
        }
        std::reverse(out.begin(), out.end());
      }
      return str_list(in, out);
    };
  };
  def_method(t, "split", split_impl(false));
  def_method(t, "rsplit", split_impl(true));
  auto strip_impl = [](bool l, bool r) {
    return [l, r](Interpreter& in, const Args& a) -> Value {
      if (a.size() > 1 && !a[1].is_none()) {
        std::string chars = str_arg(in, a[1], "strip");
        return in.new_str(strip_chars(S(a[0]), &chars, l, r));
      }
      return in.new_str(strip_chars(S(a[0]), nullptr, l, r));
    };
  };
  def_method(t, "strip", strip_impl(true, true));
  def_method(t, "lstrip", strip_impl(true, false));
  def_method(t, "rstrip", strip_impl(false, true));
  auto case_method = [](CaseMode mode) {
    return [mode](Interpreter& in, const Args& a) -> Value { return in.new_str(map_case(S(a[0]), mode)); };
  };
  def_method(t, "upper", case_method(CaseMode::Upper));
  def_method(t, "lower", case_method(CaseMode::Lower));
  def_method(t, "casefold", case_method(CaseMode::Casefold));
  def_method(t, "swapcase", case_method(CaseMode::Swap));
  def_method(t, "title", case_method(CaseMode::Title));
  def_method(t, "capitalize", case_method(CaseMode::Capitalize));
  auto affix = [](bool start) {
    return [start](Interpreter& in, const Args& a) -> Value {
      need(in, a, start ? "startswith" : "endswith", 1, 3, ArgStyle::Legacy);
      const std::string& s = S(a[0]);
      size_t b0, b1;
      range_args(in, a, 2, s, b0, b1);
      std::string sub = s.substr(b0, b1 - b0);
      std::vector<Value> cands;
      if (a[1].is(Kind::Tuple)) cands = a[1].as<Tuple>()->items;
      else if (a[1].is(Kind::Str)) cands.push_back(a[1]);
      else
        in.raise("TypeError", std::string(start ? "startswith" : "endswith") +
                                  " first arg must be str or a tuple of str, not " + in.type_name(a[1]));
      for (auto& c : cands) {
        const std::string& p = S(c);
        if (p.size() > sub.size()) continue;
        if (start ? sub.compare(0, p.size(), p) == 0 : sub.compare(sub.size() - p.size(), p.size(), p) == 0)
          return Value::boolean(true);
      }
      return Value::boolean(false);
    };
  };
  def_method(t, "startswith", affix(true));
  def_method(t, "endswith", affix(false));
  auto find_impl = [](bool right, bool raise_missing) {
    return [right, raise_missing](Interpreter& in, const Args& a) -> Value {
      need(in, a, right ? (raise_missing ? "rindex" : "rfind") : (raise_missing ? "index" : "find"), 1, 3, ArgStyle::Legacy);
      const std::string& s = S(a[0]);
      substring_arg(in, a[1]);
      size_t b0, b1;
      range_args(in, a, 2, s, b0, b1);
      std::string sub = s.substr(b0, b1 - b0);
      size_t f = right ? sub.rfind(S(a[1])) : sub.find(S(a[1]));
      if (f == std::string::npos) {
        if (raise_missing) in.raise("ValueError", "substring not found");
        return Value::integer(-1);
      }
      return Value::integer(cp_index(s, b0 + f));
    };
  };
  def_method(t, "find", find_impl(false, false));
  def_method(t, "rfind", find_impl(true, false));
  def_method(t, "index", find_impl(false, true));
  def_method(t, "rindex", find_impl(true, true));
  def_method(t, "count", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "count", 1, 3, ArgStyle::Legacy);
    const std::string& s = S(a[0]);
    substring_arg(in, a[1]);
    size_t b0, b1;
    range_args(in, a, 2, s, b0, b1);
    std::string sub = s.substr(b0, b1 - b0);
    const std::string& p = S(a[1]);
    if (p.empty()) return Value::integer(int64_t(utf8_length(sub)) + 1);
    int64_t n = 0;
    for (size_t pos = sub.find(p); pos != std::string::npos; pos = sub.find(p, pos + p.size())) ++n;
    return Value::integer(n);
  });
  def_method(t, "replace", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "replace", 2, 3);
    const std::string& s = S(a[0]);
    if (!a[1].is(Kind::Str) || !a[2].is(Kind::Str))
      in.raise("TypeError", "replace() argument " + std::string(a[1].is(Kind::Str) ? "2" : "1") + " must be str, not " +
                                in.type_name(a[1].is(Kind::Str) ? a[2] : a[1]));
    const std::string& from = S(a[1]);
    const std::string& to = S(a[2]);
    int64_t count = a.size() > 3 ? in.to_index(a[3]) : -1;
    std::string out;
    if (from.empty()) {
      auto cps = utf8_decode(s);
      int64_t done = 0;
      for (size_t i = 0; i <= cps.size(); ++i) {
        if (count < 0 || done < count) {
          out += to;
          ++done;
        }
        if (i < cps.size()) utf8_append(out, cps[i]);
      }
      return in.new_str(out);
    }
    size_t pos = 0;
    int64_t done = 0;
    while (true) {
      size_t f = (count >= 0 && done >= count) ? std::string::npos : s.find(from, pos);
      if (f == std::string::npos) {
        out += s.substr(pos);
        break;
      }
      out += s.substr(pos, f - pos) + to;
      pos = f + from.size();
      ++done;
    }
    return in.new_str(std::move(out));
  });
  auto justify = [](char mode) {
    return [mode](Interpreter& in, const Args& a) -> Value {
      need(in, a, mode == '<' ? "ljust" : mode == '>' ? "rjust" : "center", 1, 2);
      const std::string& s = S(a[0]);
      int64_t width = in.to_index(a[1]);
      std::string fill = " ";
      if (a.size() > 2) {
        if (!a[2].is(Kind::Str) || utf8_length(S(a[2])) != 1)
          in.raise("TypeError", "The fill character must be exactly one character long");
        fill = S(a[2]);
      }
      int64_t len = int64_t(utf8_length(s));
      if (width <= len) return a[0];
      int64_t pad = width - len;
      auto rep = [&](int64_t k) {
        std::string r;
        for (int64_t i = 0; i < k; ++i) r += fill;
        return r;
      };
      if (mode == '<') return in.new_str(s + rep(pad));
      if (mode == '>') return in.new_str(rep(pad) + s);
      int64_t left = pad / 2 + (pad & width & 1);
      return in.new_str(rep(left) + s + rep(pad - left));
    };
  };
  def_method(t, "ljust", justify('<'));
  def_method(t, "rjust", justify('>'));
  def_method(t, "center", justify('^'));
  def_method(t, "zfill", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "str.zfill", 1, 1);
    std::string s = S(a[0]);
    int64_t width = in.to_index(a[1]);
    int64_t len = int64_t(utf8_length(s));
    if (width <= len) return a[0];
    size_t sign = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    return in.new_str(s.substr(0, sign) + std::string(size_t(width - len), '0') + s.substr(sign));
  });
  def_method(t, "isdigit", [](Interpreter&, const Args& a) -> Value { return Value::boolean(all_chars(S(a[0]), is_digit_cp)); });
  def_method(t, "isdecimal", [](Interpreter&, const Args& a) -> Value { return Value::boolean(all_chars(S(a[0]), is_decimal_cp)); });
  def_method(t, "isnumeric", [](Interpreter&, const Args& a) -> Value { return Value::boolean(all_chars(S(a[0]), is_numeric_cp)); });
  def_method(t, "isalpha", [](Interpreter&, const Args& a) -> Value { return Value::boolean(all_chars(S(a[0]), is_letter_cp)); });
  def_method(t, "isalnum", [](Interpreter&, const Args& a) -> Value { return Value::boolean(all_chars(S(a[0]), is_alnum_cp)); });
  def_method(t, "isspace", [](Interpreter&, const Args& a) -> Value { return Value::boolean(all_chars(S(a[0]), is_space_cp)); });
  // Some cased letter, and none of the other case.
  auto all_cased = [](bool upper) {
    return [upper](Interpreter&, const Args& a) -> Value {
      bool cased = false;
      for (uint32_t cp : utf8_decode(S(a[0]))) {
        if (upper ? is_lower_letter(cp) : is_upper_letter(cp)) return Value::boolean(false);
        if (upper ? is_upper_letter(cp) : is_lower_letter(cp)) cased = true;
      }
      return Value::boolean(cased);
    };
  };
  def_method(t, "isupper", all_cased(true));
  def_method(t, "isascii", [](Interpreter&, const Args& a) -> Value {
    for (unsigned char c : S(a[0]))
      if (c >= 0x80) return Value::boolean(false);
    return Value::boolean(true);
  });
  def_method(t, "isprintable", [](Interpreter&, const Args& a) -> Value {
    for (uint32_t cp : utf8_decode(S(a[0])))  // "" is printable (unlike all_chars' predicates)
      if (!is_printable_cp(cp)) return Value::boolean(false);
    return Value::boolean(true);
  });
  // Upper case only after uncased characters, lower case only after cased ones, and some cased.
  def_method(t, "istitle", [](Interpreter&, const Args& a) -> Value {
    bool previous_cased = false, cased = false;
    for (uint32_t cp : utf8_decode(S(a[0]))) {
      if (is_upper_letter(cp)) {
        if (previous_cased) return Value::boolean(false);
        previous_cased = cased = true;
      } else if (is_lower_letter(cp)) {
        if (!previous_cased) return Value::boolean(false);
        previous_cased = cased = true;
      } else {
        previous_cased = false;
      }
    }
    return Value::boolean(cased);
  });
  def_method(t, "format_map", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "format_map", 1, 1);
    if (!a[1].is(Kind::Dict)) in.raise("TypeError", "format_map() argument must be a mapping, not " + in.type_name(a[1]));
    std::vector<Value> names, values;
    a[1].as<Dict>()->for_each([&](const Value& k, const Value& v) {
      if (!k.is(Kind::Str)) return;
      names.push_back(k);
      values.push_back(v);
    });
    Args fa{a.pos, 1, names.data(), values.data(), names.size()};
    return in.new_str(str_format_method(in, S(a[0]), fa, 1));
  });
  // str.maketrans(x[, y[, z]]) (static) and str.translate(table): code points mapped to a code
  // point, a string or None (deleted).
  t->dict->set_str(*this, "maketrans", Value(new StaticMethod(make_native_function("maketrans", [](Interpreter& in, const Args& a) -> Value {
    auto* table = new Dict();
    Value tv(table);
    if (a.size() == 1) {
      if (!a[0].is(Kind::Dict)) in.raise("TypeError", "if you give only one argument to maketrans it must be a dict");
      a[0].as<Dict>()->for_each([&](const Value& k, const Value& v) {
        if (k.is(Kind::Str)) {
          std::vector<uint32_t> cps = utf8_decode(S(k));
          if (cps.size() != 1) in.raise("ValueError", "string keys in translate table must be of length 1");
          table->set(in, Value::integer(cps[0]), v);
        } else if (k.is_int()) {
          table->set(in, k, v);
        } else {
          in.raise("TypeError", "keys in translate table must be strings or integers");
        }
      });
      return tv;
    }
    if (a.size() > 3) in.raise("TypeError", "maketrans expected at most 3 arguments, got " + std::to_string(a.size()));
    if (!a[0].is(Kind::Str) || !a[1].is(Kind::Str))
      in.raise("TypeError", "maketrans() argument " + std::string(a[0].is(Kind::Str) ? "2" : "1") + " must be str, not " + in.type_name(a[0].is(Kind::Str) ? a[1] : a[0]));
    std::vector<uint32_t> from = utf8_decode(S(a[0])), to = utf8_decode(S(a[1]));
    if (from.size() != to.size()) in.raise("ValueError", "the first two maketrans arguments must have equal length");
    for (size_t i = 0; i < from.size(); ++i) table->set(in, Value::integer(from[i]), Value::integer(to[i]));
    if (a.size() == 3) {
      if (!a[2].is(Kind::Str)) in.raise("TypeError", "maketrans() argument 3 must be str, not " + in.type_name(a[2]));
      for (uint32_t cp : utf8_decode(S(a[2]))) table->set(in, Value::integer(cp), Value());
    }
    return tv;
  }))));
  def_method(t, "translate", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "translate", 1, 1);
    std::string out;
    for (uint32_t cp : utf8_decode(S(a[0]))) {
      Value key = Value::integer(cp), v;
      try {
        v = in.getitem(a[1], key);
      } catch (PyException& e) {
        if (!e.exc->cls->is_subclass_of(in.exception_class("LookupError"))) throw;
        utf8_append(out, cp);
        continue;
      }
      if (v.is_none()) continue;
      if (v.is(Kind::Str)) out += S(v);
      else if (v.is_int()) {
        if (v.as_int() < 0 || v.as_int() > 0x10FFFF) in.raise("ValueError", "character mapping must be in range(0x110000)");
        utf8_append(out, uint32_t(v.as_int()));
      } else {
        in.raise("TypeError", "character mapping must return integer, None or str");
      }
    }
    return in.new_str(out);
  });
  def_method(t, "islower", all_cased(false));
  def_method(t, "isidentifier", [](Interpreter&, const Args& a) -> Value {
    const std::string& s = S(a[0]);
    if (s.empty()) return Value::boolean(false);
    std::vector<uint32_t> cps = utf8_decode(s);
    for (size_t i = 0; i < cps.size(); ++i) {
      uint32_t cp = cps[i];
      bool ok = cp == '_' || is_letter_cp(cp) || (i > 0 && is_decimal_cp(cp));
      if (!ok) return Value::boolean(false);
    }
    return Value::boolean(true);
  });
  def_method(t, "splitlines", [](Interpreter& in, const Args& a) -> Value {
    const std::string& s = S(a[0]);
    const Value* ke = a.get(1, "keepends");
    bool keep = ke && in.truthy(*ke);
    std::vector<std::string> out;
    size_t i = 0, start = 0;
    while (i < s.size()) {
      if (s[i] == '\n' || s[i] == '\r') {
        size_t e = i;
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
        ++i;
        out.push_back(s.substr(start, (keep ? i : e) - start));
        start = i;
      } else {
        ++i;
      }
    }
    if (start < s.size()) out.push_back(s.substr(start));
    return str_list(in, out);
  });
  auto partition = [](bool right) {
    return [right](Interpreter& in, const Args& a) -> Value {
      need(in, a, right ? "str.rpartition" : "str.partition", 1, 1);
      const std::string& s = S(a[0]);
      substring_arg(in, a[1]);
      const std::string& sep = S(a[1]);
      if (sep.empty()) in.raise("ValueError", "empty separator");
      size_t f = right ? s.rfind(sep) : s.find(sep);
      if (f == std::string::npos)
        return right ? in.new_tuple({in.new_str(""), in.new_str(""), a[0]}) : in.new_tuple({a[0], in.new_str(""), in.new_str("")});
      return in.new_tuple({in.new_str(s.substr(0, f)), a[1], in.new_str(s.substr(f + sep.size()))});
    };
  };
  def_method(t, "partition", partition(false));
  def_method(t, "rpartition", partition(true));
  def_method(t, "removeprefix", [](Interpreter& in, const Args& a) -> Value {
    affix_arg(in, a, "removeprefix");
    const std::string& s = S(a[0]);
    const std::string& p = S(a[1]);
    return s.compare(0, p.size(), p) == 0 && s.size() >= p.size() ? in.new_str(s.substr(p.size())) : a[0];
  });
  def_method(t, "removesuffix", [](Interpreter& in, const Args& a) -> Value {
    affix_arg(in, a, "removesuffix");
    const std::string& s = S(a[0]);
    const std::string& p = S(a[1]);
    if (!p.empty() && s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0)
      return in.new_str(s.substr(0, s.size() - p.size()));
    return a[0];
  });
  def_method(t, "expandtabs", [](Interpreter& in, const Args& a) -> Value {
    int64_t ts = a.size() > 1 ? in.to_index(a[1]) : 8;
    std::string out;
    int64_t col = 0;
    for (char c : S(a[0])) {
      if (c == '\t') {
        int64_t n = ts > 0 ? ts - col % ts : 0;
        out += std::string(size_t(n), ' ');
        col += n;
      } else {
        out += c;
        col = (c == '\n' || c == '\r') ? 0 : col + 1;
      }
    }
    return in.new_str(out);
  });
  def_method(t, "encode", [](Interpreter& in, const Args& a) -> Value { return a[0]; });
  def_method(t, "__len__", [](Interpreter&, const Args& a) -> Value { return Value::integer(int64_t(a[0].as<Str>()->length())); });
  def_method(t, "__contains__", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(in.contains(a[0], a[1])); });
  def_method(t, "__getitem__", [](Interpreter& in, const Args& a) -> Value { return in.getitem(a[0], a[1]); });
  def_method(t, "__add__", [](Interpreter& in, const Args& a) -> Value { return in.binary_op(BinOpKind::Add, a[0], a[1]); });
  def_method(t, "__mod__", [](Interpreter& in, const Args& a) -> Value { return in.binary_op(BinOpKind::Mod, a[0], a[1]); });
}

void Interpreter::init_container_methods() {
  // ---- list
  ClassObj* l = types.list;
  def_method(l, "append", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "list.append", 1, 1);
    a[0].as<List>()->items.push_back(a[1]);
    return Value();
  });
  def_method(l, "extend", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "list.extend", 1, 1);
    auto more = in.to_vector(a[1]);
    auto& items = a[0].as<List>()->items;
    items.insert(items.end(), more.begin(), more.end());
    return Value();
  });
  def_method(l, "insert", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "insert", 2, 2);
    auto& items = a[0].as<List>()->items;
    int64_t i = in.to_index(a[1]);
    int64_t n = int64_t(items.size());
    if (i < 0) i = std::max<int64_t>(0, i + n);
    if (i > n) i = n;
    items.insert(items.begin() + i, a[2]);
    return Value();
  });
  def_method(l, "pop", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "pop", 0, 1);
    auto& items = a[0].as<List>()->items;
    if (items.empty()) in.raise("IndexError", "pop from empty list");
    int64_t i = a.size() > 1 ? in.to_index(a[1]) : -1;
    if (i < 0) i += int64_t(items.size());
    if (i < 0 || i >= int64_t(items.size())) in.raise("IndexError", "pop index out of range");
    Value v = items[size_t(i)];
    items.erase(items.begin() + i);
    return v;
  });
  def_method(l, "remove", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "list.remove", 1, 1);
    auto& items = a[0].as<List>()->items;
    for (size_t i = 0; i < items.size(); ++i)
      if (items[i].identical(a[1]) || in.eq(items[i], a[1])) {
        items.erase(items.begin() + long(i));
        return Value();
      }
    in.raise("ValueError", "list.remove(x): x not in list");
  });
  auto index_fn = [](bool is_list) {
    return [is_list](Interpreter& in, const Args& a) -> Value {
      need(in, a, "index", 1, 3);
      auto& items = is_list ? a[0].as<List>()->items : a[0].as<Tuple>()->items;
      int64_t n = int64_t(items.size());
      int64_t st = a.size() > 2 ? in.to_index(a[2]) : 0, en = a.size() > 3 ? in.to_index(a[3]) : n;
      if (st < 0) st = std::max<int64_t>(0, st + n);
      if (en < 0) en = std::max<int64_t>(0, en + n);
      for (int64_t i = st; i < std::min(en, n); ++i)
        if (items[size_t(i)].identical(a[1]) || in.eq(items[size_t(i)], a[1])) return Value::integer(i);
      if (is_list) in.raise("ValueError", in.repr(a[1]) + " is not in list");
      in.raise("ValueError", "tuple.index(x): x not in tuple");
    };
  };
  def_method(l, "index", index_fn(true));
  def_method(types.tuple, "index", index_fn(false));
  auto count_fn = [](bool is_list) {
    return [is_list](Interpreter& in, const Args& a) -> Value {
      need(in, a, is_list ? "list.count" : "tuple.count", 1, 1);
      auto& items = is_list ? a[0].as<List>()->items : a[0].as<Tuple>()->items;
      int64_t c = 0;
      for (auto& v : items)
        if (v.identical(a[1]) || in.eq(v, a[1])) ++c;
      return Value::integer(c);
    };
  };
  def_method(l, "count", count_fn(true));
  def_method(types.tuple, "count", count_fn(false));
  def_method(l, "sort", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() > 1) in.raise("TypeError", "sort() takes no positional arguments");
    const Value* key = a.kw("key");
    const Value* rev = a.kw("reverse");
    auto& items = a[0].as<List>()->items;
    std::vector<Value> tmp = std::move(items);
    items.clear();
    try {
      sort_list(in, tmp, key ? *key : Value(), rev && in.truthy(*rev));
    } catch (...) {
      items = std::move(tmp);
      throw;
    }
    items = std::move(tmp);
    return Value();
  });
  def_method(l, "reverse", [](Interpreter&, const Args& a) -> Value {
    auto& items = a[0].as<List>()->items;
    std::reverse(items.begin(), items.end());
    return Value();
  });
  def_method(l, "copy", [](Interpreter& in, const Args& a) -> Value { return in.new_list(a[0].as<List>()->items); });
  def_method(l, "clear", [](Interpreter&, const Args& a) -> Value {
    a[0].as<List>()->items.clear();
    return Value();
  });
  def_method(l, "__len__", [](Interpreter& in, const Args& a) -> Value { return Value::integer(in.len(a[0])); });
  def_method(l, "__getitem__", [](Interpreter& in, const Args& a) -> Value { return in.getitem(a[0], a[1]); });
  def_method(l, "__setitem__", [](Interpreter& in, const Args& a) -> Value {
    in.setitem(a[0], a[1], a[2]);
    return Value();
  });
  def_method(l, "__contains__", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(in.contains(a[0], a[1])); });
  def_method(l, "__iter__", [](Interpreter& in, const Args& a) -> Value { return in.iter(a[0]); });

  // ---- dict
  ClassObj* d = types.dict;
  def_method(d, "get", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "get", 1, 2);
    Value* v = a[0].as<Dict>()->find(in, a[1]);
    return v ? *v : (a.size() > 2 ? a[2] : Value());
  });
  def_method(d, "keys", [](Interpreter&, const Args& a) -> Value { return make_dict_view(a[0], 0); });
  def_method(d, "values", [](Interpreter&, const Args& a) -> Value { return make_dict_view(a[0], 1); });
  def_method(d, "items", [](Interpreter&, const Args& a) -> Value { return make_dict_view(a[0], 2); });
  def_method(d, "pop", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "pop", 1, 2);
    Dict* dict = a[0].as<Dict>();
    Value* v = dict->find(in, a[1]);
    if (!v) {
      if (a.size() > 2) return a[2];
      throw PyException(in.new_exception(in.exception_class("KeyError"), std::vector<Value>{a[1]}));
    }
    Value r = *v;
    dict->erase(in, a[1]);
    return r;
  });
  def_method(d, "popitem", [](Interpreter& in, const Args& a) -> Value {
    Dict* dict = a[0].as<Dict>();
    for (size_t i = dict->entries.size(); i-- > 0;)
      if (dict->entries[i].live) {
        Value k = dict->entries[i].key, v = dict->entries[i].value;
        dict->erase(in, k);
        return in.new_tuple({k, v});
      }
    throw PyException(in.new_exception(in.exception_class("KeyError"), "popitem(): dictionary is empty"));
  });
  def_method(d, "setdefault", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "setdefault", 1, 2);
    Dict* dict = a[0].as<Dict>();
    if (Value* v = dict->find(in, a[1])) return *v;
    Value def = a.size() > 2 ? a[2] : Value();
    dict->set(in, a[1], def);
    return def;
  });
  def_method(d, "update", [](Interpreter& in, const Args& a) -> Value {
    Dict* dict = a[0].as<Dict>();
    if (a.size() > 1) dict_update(in, dict, a[1]);
    for (size_t i = 0; i < a.nkw; ++i) dict->set(in, a.kwnames[i], a.kwvalues[i]);
    return Value();
  });
  def_method(d, "copy", [](Interpreter& in, const Args& a) -> Value {
    auto* n = new Dict();
    Value nv(n);
    a[0].as<Dict>()->for_each([&](const Value& k, const Value& v) { n->set(in, k, v); });
    return nv;
  });
  def_method(d, "clear", [](Interpreter&, const Args& a) -> Value {
    a[0].as<Dict>()->clear();
    return Value();
  });
  d->dict->set_str(*this, "fromkeys", Value(new StaticMethod(make_native_function("fromkeys", [](Interpreter& in, const Args& a) -> Value {
    auto* n = new Dict();
    Value nv(n);
    Value v = a.size() > 1 ? a[1] : Value();
    for (auto& k : in.to_vector(a[0])) n->set(in, k, v);
    return nv;
  }))));
  def_method(d, "__getitem__", [](Interpreter& in, const Args& a) -> Value { return in.getitem(a[0], a[1]); });
  def_method(d, "__setitem__", [](Interpreter& in, const Args& a) -> Value {
    in.setitem(a[0], a[1], a[2]);
    return Value();
  });
  def_method(d, "__contains__", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(in.contains(a[0], a[1])); });
  def_method(d, "__len__", [](Interpreter& in, const Args& a) -> Value { return Value::integer(in.len(a[0])); });

  // ---- set
  ClassObj* s = types.set;
  def_method(s, "add", [](Interpreter& in, const Args& a) -> Value {
    need(in, a, "set.add", 1, 1);
    a[0].as<Set>()->add(in, a[1]);
    return Value();
  });
  def_method(s, "discard", [](Interpreter& in, const Args& a) -> Value {
    a[0].as<Set>()->discard(in, a[1]);
    return Value();
  });
  def_method(s, "remove", [](Interpreter& in, const Args& a) -> Value {
    if (!a[0].as<Set>()->discard(in, a[1]))
      throw PyException(in.new_exception(in.exception_class("KeyError"), std::vector<Value>{a[1]}));
    return Value();
  });
  def_method(s, "pop", [](Interpreter& in, const Args& a) -> Value {
    Set* st = a[0].as<Set>();
    if (st->size() == 0) throw PyException(in.new_exception(in.exception_class("KeyError"), "pop from an empty set"));
    size_t i = st->finger & (st->table.size() - 1);
    while (st->table[i].state != 1) i = (i + 1) % st->table.size();
    Value k = st->table[i].key;
    st->table[i].key = Value();
    st->table[i].state = 2;
    st->table[i].hash = -1;
    --st->used;
    st->finger = i + 1;
    return k;
  });
  auto setop = [](BinOpKind op, bool update) {
    return [op, update](Interpreter& in, const Args& a) -> Value {
      Value acc = update ? a[0] : new_set_from(in, a[0], a[0].is(Kind::FrozenSet));
      for (size_t i = 1; i < a.size(); ++i) {
        Value other = a[i].is(Kind::Set) || a[i].is(Kind::FrozenSet) ? a[i] : new_set_from(in, a[i], false);
        Value r = set_operation(in, op, acc, other);
        if (update) {
          Set* t = acc.as<Set>();
          if (op == BinOpKind::BitOr) {
            other.as<Set>()->for_each([&](const Value& k) { t->add(in, k); });
          } else {
            t->clear();
            r.as<Set>()->for_each([&](const Value& k) { t->add(in, k); });
          }
        } else {
          acc = r;
        }
      }
      return update ? Value() : acc;
    };
  };
  for (ClassObj* c : {types.set, types.frozenset}) {
    def_method(c, "union", setop(BinOpKind::BitOr, false));
    def_method(c, "intersection", setop(BinOpKind::BitAnd, false));
    def_method(c, "difference", setop(BinOpKind::Sub, false));
    def_method(c, "symmetric_difference", setop(BinOpKind::BitXor, false));
    def_method(c, "issubset", [](Interpreter& in, const Args& a) -> Value {
      return in.compare(CmpKind::Le, a[0], new_set_from(in, a[1], false));
    });
    def_method(c, "issuperset", [](Interpreter& in, const Args& a) -> Value {
      return in.compare(CmpKind::Ge, a[0], new_set_from(in, a[1], false));
    });
    def_method(c, "isdisjoint", [](Interpreter& in, const Args& a) -> Value {
      Value other = new_set_from(in, a[1], false);
      return Value::boolean(set_operation(in, BinOpKind::BitAnd, a[0], other).as<Set>()->size() == 0);
    });
    def_method(c, "copy", [](Interpreter& in, const Args& a) -> Value { return new_set_from(in, a[0], a[0].is(Kind::FrozenSet)); });
  }
  def_method(s, "update", setop(BinOpKind::BitOr, true));
  def_method(s, "intersection_update", setop(BinOpKind::BitAnd, true));
  def_method(s, "difference_update", setop(BinOpKind::Sub, true));
  def_method(s, "symmetric_difference_update", setop(BinOpKind::BitXor, true));
  def_method(s, "clear", [](Interpreter&, const Args& a) -> Value {
    a[0].as<Set>()->clear();
    return Value();
  });
}

void Interpreter::init_type_methods() {
  ClassObj* o = types.object;
  def_method(o, "__init__", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() > 1 || a.nkw) {
      ClassObj* t = in.type_of(a[0]);
      bool has_init = false;
      for (ClassObj* c : t->mro)
        if (Value* v = dict_find_name(c->dict.get(), in.names->init.get()))
          if (v->is(Kind::Function)) has_init = true;
      if (!has_init) in.raise("TypeError", t->name->s + "() takes no arguments");
      in.raise("TypeError", "object.__init__() takes exactly one argument (the instance to initialize)");
    }
    return Value();
  });
  def_method(o, "__repr__", [](Interpreter& in, const Args& a) -> Value {
    ClassObj* t = in.type_of(a[0]);
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%012llx", (unsigned long long)(uintptr_t)(a[0].is_obj() ? a[0].obj() : nullptr));
    std::string mod = t->module == "builtins" ? "" : t->module + ".";
    return in.new_str("<" + mod + t->qualname + " object at " + buf + ">");
  });
  def_method(o, "__str__", [](Interpreter& in, const Args& a) -> Value { return in.new_str(in.repr(a[0])); });
  def_method(o, "__eq__", [](Interpreter& in, const Args& a) -> Value {
    return a[0].identical(a[1]) ? Value::boolean(true) : in.not_implemented;
  });
  def_method(o, "__ne__", [](Interpreter& in, const Args& a) -> Value {
    return a[0].identical(a[1]) ? Value::boolean(false) : in.not_implemented;
  });
  def_method(o, "__hash__", [](Interpreter&, const Args& a) -> Value {
    return Value::integer(a[0].is_obj() ? int64_t(uintptr_t(a[0].obj()) >> 4) : 0);
  });
  def_method(o, "__format__", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() > 1 && a[1].is(Kind::Str) && !S(a[1]).empty())
      in.raise("TypeError", "unsupported format string passed to " + in.type_name(a[0]) + ".__format__");
    return in.new_str(in.str(a[0]));
  });
  def_method(o, "__setattr__", [](Interpreter& in, const Args& a) -> Value {
    Value self = a[0];
    Ref<Str> name = in.intern(in.str(a[1]));
    if (self.is(Kind::Instance) || self.is(Kind::Exception)) {
      auto* inst = self.as<Instance>();
      if (!inst->dict) inst->dict = new Dict();
      inst->dict->set(in, Value(name.get()), a[2]);
      return Value();
    }
    in.setattr(self, name.get(), a[2]);
    return Value();
  });
  def_method(o, "__getattribute__", [](Interpreter& in, const Args& a) -> Value {
    return in.getattr(a[0], in.intern(in.str(a[1])).get());
  });
  o->dict->set_str(*this, "__new__", Value(new StaticMethod(make_native_function("__new__", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() == 0 || !a[0].is(Kind::Class)) in.raise("TypeError", "object.__new__(X): X is not a type object");
    ClassObj* cls = a[0].as<ClassObj>();
    for (ClassObj* c : cls->mro)
      if (c->ctor && c != in.types.object) return c->ctor(in, cls, Args{});
    return Value(new Instance(cls));
  }))));

  // ---- int / float
  def_method(types.int_, "bit_length", [](Interpreter&, const Args& a) -> Value {
    std::string b = int_to_string(a[0], 2);
    if (b[0] == '-') b.erase(0, 1);
    return Value::integer(b == "0" ? 0 : int64_t(b.size()));
  });
  def_method(types.int_, "__index__", [](Interpreter&, const Args& a) -> Value { return a[0]; });
  def_method(types.int_, "conjugate", [](Interpreter&, const Args& a) -> Value { return a[0]; });
  def_method(types.float_, "is_integer", [](Interpreter&, const Args& a) -> Value {
    double d = a[0].as_float();
    return Value::boolean(std::isfinite(d) && d == std::floor(d));
  });
  def_method(types.float_, "__round__", [](Interpreter& in, const Args& a) -> Value {
    Value f = in.builtins().find_str("round") ? *in.builtins().find_str("round") : Value();
    return in.call(f, a.pos, a.npos);
  });

  // ---- property
  auto prop_with = [](int which) {
    return [which](Interpreter&, const Args& a) -> Value {
      auto* p = a[0].as<Property>();
      auto* n = new Property();
      Value nv(n);
      n->fget = p->fget;
      n->fset = p->fset;
      n->fdel = p->fdel;
      (which == 0 ? n->fget : which == 1 ? n->fset : n->fdel) = a[1];
      return nv;
    };
  };
  def_method(types.property, "getter", prop_with(0));
  def_method(types.property, "setter", prop_with(1));
  def_method(types.property, "deleter", prop_with(2));
  def_method(types.property, "__get__", [](Interpreter& in, const Args& a) -> Value {
    return in.call(a[0].as<Property>()->fget, &a[1], 1);
  });

  // ---- generators and coroutines
  ClassObj* g = types.generator;
  def_method(g, "send", [](Interpreter& in, const Args& a) -> Value {
    bool done = false;
    Value v = in.generator_send(a[0].as<GeneratorObj>(), a.size() > 1 ? a[1] : Value(), &done);
    if (done)
      throw PyException(in.new_exception(in.exception_class("StopIteration"), v.is_none() ? std::vector<Value>{} : std::vector<Value>{v}));
    return v;
  });
  def_method(g, "__next__", [](Interpreter& in, const Args& a) -> Value {
    bool done = false;
    Value v = in.generator_send(a[0].as<GeneratorObj>(), Value(), &done);
    if (done)
      throw PyException(in.new_exception(in.exception_class("StopIteration"), v.is_none() ? std::vector<Value>{} : std::vector<Value>{v}));
    return v;
  });
  def_method(g, "__iter__", [](Interpreter&, const Args& a) -> Value { return a[0]; });
  def_method(g, "throw", [](Interpreter& in, const Args& a) -> Value {
    bool done = false;
    Value v = in.generator_throw(a[0].as<GeneratorObj>(), a[1], &done);
    if (done) throw PyException(in.new_exception(in.exception_class("StopIteration"), std::vector<Value>{}));
    return v;
  });
  def_method(g, "close", [](Interpreter& in, const Args& a) -> Value {
    in.generator_close(a[0].as<GeneratorObj>());
    return Value();
  });
  ClassObj* c = types.coroutine;
  def_method(c, "close", [](Interpreter&, const Args& a) -> Value {
    auto* co = a[0].as<GeneratorObj>();
    co->started = true;
    co->finished = true;
    return Value();
  });
  def_method(c, "send", [](Interpreter& in, const Args& a) -> Value {
    Value r = in.run_coroutine(a[0]);
    throw PyException(in.new_exception(in.exception_class("StopIteration"), r.is_none() ? std::vector<Value>{} : std::vector<Value>{r}));
  });
  ClassObj* ag = types.async_generator;
  ClassObj* asend = make_type("async_generator_asend", types.object);
  builtins_->erase(*this, Value(asend->name.get()));
  def_method(ag, "__aiter__", [](Interpreter&, const Args& a) -> Value { return a[0]; });
  def_method(ag, "__anext__", [asend](Interpreter&, const Args& a) -> Value {
    return Value(new AnextAwaitable(asend, a[0]));
  });
  def_method(ag, "asend", [asend](Interpreter& in, const Args& a) -> Value {
    need(in, a, "asend", 1, 1);
    return Value(new AnextAwaitable(asend, a[0], AnextAwaitable::Send, a[1]));
  });
  def_method(ag, "athrow", [asend](Interpreter& in, const Args& a) -> Value {
    need(in, a, "athrow", 1, 3);
    Value exc = a.size() > 2 && !a[2].is_none() ? a[2] : a[1];  // athrow(type[, value[, tb]])
    return Value(new AnextAwaitable(asend, a[0], AnextAwaitable::Throw, exc));
  });
  def_method(ag, "aclose", [asend](Interpreter& in, const Args& a) -> Value {
    return Value(new AnextAwaitable(asend, a[0], AnextAwaitable::Close));
  });
}

}  // namespace loopscope::script
