// Integers: 64-bit inline fast paths with promotion to arbitrary precision
// (sign + magnitude in base 2^32) on overflow.
#include <algorithm>
#include <cmath>

#include "runtime.hpp"

namespace loopscope::script {

namespace {
using Mag = std::vector<uint32_t>;  // little-endian limbs, no leading zeros

class BigInt final : public Object {
 public:
  BigInt() : Object(Kind::BigInt) {}
  bool neg = false;
  Mag mag;
};

void trim(Mag& m) {
  while (!m.empty() && m.back() == 0) m.pop_back();
}

Mag mag_from_u64(uint64_t v) {
  Mag m;
  while (v) {
    m.push_back(uint32_t(v));
    v >>= 32;
  }
  return m;
}

int cmp_mag(const Mag& a, const Mag& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

Mag add_mag(const Mag& a, const Mag& b) {
  Mag r;
  uint64_t carry = 0;
  for (size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    uint64_t s = carry + (i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
    r.push_back(uint32_t(s));
    carry = s >> 32;
  }
  trim(r);
  return r;
}

Mag sub_mag(const Mag& a, const Mag& b) {  // requires a >= b
  Mag r(a);
  int64_t borrow = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    int64_t d = int64_t(r[i]) - borrow - (i < b.size() ? int64_t(b[i]) : 0);
    borrow = d < 0;
    if (d < 0) d += int64_t(1) << 32;
    r[i] = uint32_t(d);
  }
  trim(r);
  return r;
}

Mag mul_mag(const Mag& a, const Mag& b) {
  if (a.empty() || b.empty()) return {};
  std::vector<uint64_t> t(a.size() + b.size() + 1, 0);
  Mag r(a.size() + b.size() + 1, 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t carry = 0;
    for (size_t j = 0; j < b.size() || carry; ++j) {
      uint64_t cur = r[i + j] + carry + (j < b.size() ? uint64_t(a[i]) * b[j] : 0);
      r[i + j] = uint32_t(cur);
      carry = cur >> 32;
    }
  }
  trim(r);
  return r;
}

uint32_t divmod_small(Mag& a, uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = a.size(); i-- > 0;) {
    uint64_t cur = (rem << 32) | a[i];
    a[i] = uint32_t(cur / d);
    rem = cur % d;
  }
  trim(a);
  return uint32_t(rem);
}

size_t bit_length(const Mag& a) {
  if (a.empty()) return 0;
  size_t n = (a.size() - 1) * 32;
  uint32_t top = a.back();
  while (top) {
    ++n;
    top >>= 1;
  }
  return n;
}

void divmod_mag(const Mag& a, const Mag& b, Mag& q, Mag& r) {
  q.assign(a.size(), 0);
  r.clear();
  if (b.size() == 1) {
    q = a;
    uint32_t rem = divmod_small(q, b[0]);
    r = mag_from_u64(rem);
    return;
  }
  for (size_t bit = bit_length(a); bit-- > 0;) {
    // r = r << 1 | bit
    uint32_t carry = (a[bit / 32] >> (bit % 32)) & 1;
    for (auto& limb : r) {
      uint32_t nc = limb >> 31;
      limb = (limb << 1) | carry;
      carry = nc;
    }
    if (carry) r.push_back(carry);
    if (cmp_mag(r, b) >= 0) {
      r = sub_mag(r, b);
      q[bit / 32] |= uint32_t(1) << (bit % 32);
    }
  }
  trim(q);
  trim(r);
}

struct Num {
  bool neg = false;
  Mag mag;
};

Num to_num(const Value& v) {
  Num n;
  if (v.is(Kind::BigInt)) {
    n.neg = v.as<BigInt>()->neg;
    n.mag = v.as<BigInt>()->mag;
  } else {
    int64_t x = v.as_int();
    n.neg = x < 0;
    n.mag = mag_from_u64(x < 0 ? uint64_t(0) - uint64_t(x) : uint64_t(x));
  }
  return n;
}

Value from_num(Num n) {
  trim(n.mag);
  if (n.mag.empty()) return Value::integer(0);
  if (n.mag.size() <= 2) {
    uint64_t m = n.mag[0] | (n.mag.size() > 1 ? uint64_t(n.mag[1]) << 32 : 0);
    if (!n.neg && m <= uint64_t(INT64_MAX)) return Value::integer(int64_t(m));
    if (n.neg && m <= uint64_t(INT64_MAX) + 1) return Value::integer(int64_t(0 - m));
  }
  auto* b = new BigInt();
  b->neg = n.neg;
  b->mag = std::move(n.mag);
  return Value(b);
}

Num add_num(const Num& a, const Num& b) {
  Num r;
  if (a.neg == b.neg) {
    r.neg = a.neg;
    r.mag = add_mag(a.mag, b.mag);
  } else if (cmp_mag(a.mag, b.mag) >= 0) {
    r.neg = a.neg;
    r.mag = sub_mag(a.mag, b.mag);
  } else {
    r.neg = b.neg;
    r.mag = sub_mag(b.mag, a.mag);
  }
  if (r.mag.empty()) r.neg = false;
  return r;
}

Num neg_num(Num a) {
  if (!a.mag.empty()) a.neg = !a.neg;
  return a;
}

Num mul_num(const Num& a, const Num& b) {
  Num r;
  r.mag = mul_mag(a.mag, b.mag);
  r.neg = !r.mag.empty() && a.neg != b.neg;
  return r;
}

// floor division and modulo with Python semantics
void floordiv_num(const Num& a, const Num& b, Num& q, Num& r) {
  divmod_mag(a.mag, b.mag, q.mag, r.mag);
  q.neg = !q.mag.empty() && a.neg != b.neg;
  r.neg = !r.mag.empty() && a.neg;
  if (!r.mag.empty() && a.neg != b.neg) {
    q = add_num(q, Num{true, {1}});
    r = add_num(r, b);
  }
}

bool small(const Value& v) { return v.is_int() || v.is_bool(); }
}  // namespace

bool big_is(const Value& v) { return v.is(Kind::BigInt); }

Value big_from_string(const std::string& digits, int base) {
  Num n;
  for (char c : digits) {
    int d = std::isdigit((unsigned char)c) ? c - '0' : std::tolower((unsigned char)c) - 'a' + 10;
    n.mag = mul_mag(n.mag.empty() ? Mag{} : n.mag, Mag{uint32_t(base)});
    n.mag = add_mag(n.mag, mag_from_u64(uint64_t(d)));
  }
  return from_num(std::move(n));
}

int big_compare(const Value& a, const Value& b) {
  if (small(a) && small(b)) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  Num x = to_num(a), y = to_num(b);
  if (x.neg != y.neg) return x.neg ? -1 : 1;
  int c = cmp_mag(x.mag, y.mag);
  return x.neg ? -c : c;
}

std::string int_to_string(const Value& v, int base) {
  Num n = to_num(v);
  if (n.mag.empty()) return "0";
  std::string out;
  static const char* dig = "0123456789abcdef";
  if (base == 10) {
    while (!n.mag.empty()) {
      uint32_t rem = divmod_small(n.mag, 1000000000u);
      for (int i = 0; i < 9; ++i) {
        out += char('0' + rem % 10);
        rem /= 10;
        if (n.mag.empty() && rem == 0) break;
      }
    }
  } else {
    while (!n.mag.empty()) out += dig[divmod_small(n.mag, uint32_t(base))];
  }
  while (out.size() > 1 && out.back() == '0') out.pop_back();
  if (n.neg) out += '-';
  std::reverse(out.begin(), out.end());
  return out;
}

namespace {
// The magnitude as a double: its top 64 bits, rounded once, scaled by the bits below them (inf
// when it is out of range).
double mag_to_double(const Mag& m) {
  size_t bits = bit_length(m);
  if (bits <= 64) {
    uint64_t x = 0;
    for (size_t i = m.size(); i-- > 0;) x = (x << 32) | m[i];
    return double(x);
  }
  size_t drop = bits - 64;  // keep the top 64 bits, and whether anything below them is set
  uint64_t top = 0;
  for (size_t b = bits; b-- > drop;) top = (top << 1) | ((m[b / 32] >> (b % 32)) & 1);
  bool sticky = false;
  for (size_t b = 0; b < drop && !sticky; ++b) sticky = (m[b / 32] >> (b % 32)) & 1;
  if (sticky) top |= 1;  // so that rounding 64 bits to 53 sees them
  return std::ldexp(double(top), int(drop));
}

// |a| / |b| for magnitudes, b non-zero: the quotient scaled to ~66 significant bits, rounded
// once to a double.
double mag_truediv(const Mag& a, const Mag& b) {
  long shift = 66 - (long(bit_length(a)) - long(bit_length(b)));
  auto pow2 = [](long bits) {  // 2**bits as a magnitude
    Mag m(size_t(bits / 32) + 1, 0);
    m.back() = uint32_t(1) << (bits % 32);
    return m;
  };
  Mag num = shift > 0 ? mul_mag(a, pow2(shift)) : a;
  Mag den = shift < 0 ? mul_mag(b, pow2(-shift)) : b;
  Mag q, r;
  divmod_mag(num, den, q, r);
  if (!r.empty() && !q.empty()) q[0] |= 1;  // a remainder: sticky bit for the rounding
  double d = mag_to_double(q);
  return std::ldexp(d, int(-shift));
}
}  // namespace

double int_to_double(const Value& v) {
  if (small(v)) return double(v.as_int());
  Num n = to_num(v);
  double d = mag_to_double(n.mag);
  return n.neg ? -d : d;
}

double int_truediv(Interpreter& in, const Value& a, const Value& b) {
  Num x = to_num(a), y = to_num(b);
  if (y.mag.empty()) in.raise("ZeroDivisionError", "division by zero");
  double d = mag_truediv(x.mag, y.mag);
  if (std::isinf(d)) in.raise("OverflowError", "integer division result too large for a float");
  return x.neg != y.neg ? -d : d;
}

int64_t big_hash(const Value& v) {
  Num n = to_num(v);
  const uint64_t P = (uint64_t(1) << 61) - 1;
  uint64_t x = 0;
  for (size_t i = n.mag.size(); i-- > 0;) {
    x = ((x << 32) & P) | (x >> (61 - 32));
    x += n.mag[i];
    if (x >= P) x -= P;
  }
  int64_t h = n.neg ? -int64_t(x) : int64_t(x);
  return h == -1 ? -2 : h;
}

Value int_from_double(Interpreter& in, double d) {
  if (std::isnan(d)) in.raise("ValueError", "cannot convert float NaN to integer");
  if (std::isinf(d)) in.raise("OverflowError", "cannot convert float infinity to integer");
  d = std::trunc(d);
  if (d >= -9.2e18 && d <= 9.2e18) return Value::integer(int64_t(d));
  Num n;
  n.neg = d < 0;
  double a = std::fabs(d);
  int e;
  double m = std::frexp(a, &e);  // a = m * 2^e, 0.5 <= m < 1
  uint64_t mant = uint64_t(std::ldexp(m, 53));
  e -= 53;
  n.mag = mag_from_u64(mant);
  Num two{false, {2}};
  for (int i = 0; i < e; ++i) n.mag = mul_mag(n.mag, two.mag);
  return from_num(std::move(n));
}

Value int_normalize(Value v) {
  if (!v.is(Kind::BigInt)) return v;
  return from_num(to_num(v));
}

Value int_negate(const Value& v) {
  if (small(v) && v.as_int() != INT64_MIN) return Value::integer(-v.as_int());
  return from_num(neg_num(to_num(v)));
}

bool int_is_negative(const Value& v) { return small(v) ? v.as_int() < 0 : v.as<BigInt>()->neg; }

Value int_binop(Interpreter& in, BinOpKind op, const Value& a, const Value& b) {
  if (small(a) && small(b)) {
    int64_t x = a.as_int(), y = b.as_int(), r;
    switch (op) {
      case BinOpKind::Add:
        if (!__builtin_add_overflow(x, y, &r)) return Value::integer(r);
        break;
      case BinOpKind::Sub:
        if (!__builtin_sub_overflow(x, y, &r)) return Value::integer(r);
        break;
      case BinOpKind::Mul:
        if (!__builtin_mul_overflow(x, y, &r)) return Value::integer(r);
        break;
      case BinOpKind::Div:
        if (y == 0) in.raise("ZeroDivisionError", "division by zero");
        if (x > -(int64_t(1) << 53) && x < (int64_t(1) << 53) && y > -(int64_t(1) << 53) && y < (int64_t(1) << 53))
          return Value::floating(double(x) / double(y));  // both exact as doubles: one rounding
        return Value::floating(int_truediv(in, a, b));
      case BinOpKind::FloorDiv:
        if (y == 0) in.raise("ZeroDivisionError", "integer division or modulo by zero");
        if (!(x == INT64_MIN && y == -1)) return Value::integer(py_floordiv(x, y));
        break;
      case BinOpKind::Mod:
        if (y == 0) in.raise("ZeroDivisionError", "integer modulo by zero");
        if (y == -1) return Value::integer(0);
        return Value::integer(py_mod(x, y));
      case BinOpKind::Pow: {
        if (y < 0) {
          if (x == 0) in.raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
          return Value::floating(std::pow(double(x), double(y)));
        }
        int64_t result = 1, base = x;
        int64_t e = y;
        bool overflow = false;
        while (e > 0) {
          if (e & 1)
            if (__builtin_mul_overflow(result, base, &result)) {
              overflow = true;
              break;
            }
          e >>= 1;
          if (e && __builtin_mul_overflow(base, base, &base)) {
            overflow = true;
            break;
          }
        }
        if (!overflow) return Value::integer(result);
        break;
      }
      case BinOpKind::LShift:
        if (y < 0) in.raise("ValueError", "negative shift count");
        if (y < 63 && (x == 0 || (x > 0 ? x <= (INT64_MAX >> y) : x >= (INT64_MIN >> y))))
          return Value::integer(int64_t(uint64_t(x) << y));
        if (x == 0) return Value::integer(0);
        break;
      case BinOpKind::RShift:
        if (y < 0) in.raise("ValueError", "negative shift count");
        return Value::integer(y >= 64 ? (x < 0 ? -1 : 0) : x >> y);
      case BinOpKind::BitAnd: return Value::integer(x & y);
      case BinOpKind::BitOr: return Value::integer(x | y);
      case BinOpKind::BitXor: return Value::integer(x ^ y);
      default: return Value::undef();
    }
  }
  // arbitrary precision
  Num x = to_num(a), y = to_num(b);
  switch (op) {
    case BinOpKind::Add: return from_num(add_num(x, y));
    case BinOpKind::Sub: return from_num(add_num(x, neg_num(y)));
    case BinOpKind::Mul: return from_num(mul_num(x, y));
    case BinOpKind::Div: return Value::floating(int_truediv(in, a, b));
    case BinOpKind::FloorDiv: case BinOpKind::Mod: {
      if (y.mag.empty())
        in.raise("ZeroDivisionError", op == BinOpKind::Mod ? "integer modulo by zero" : "integer division or modulo by zero");
      Num q, r;
      floordiv_num(x, y, q, r);
      return from_num(op == BinOpKind::FloorDiv ? q : r);
    }
    case BinOpKind::Pow: {
      if (y.neg) return Value::floating(std::pow(int_to_double(a), int_to_double(b)));
      if (y.mag.size() > 1) in.raise("OverflowError", "exponent too large");
      uint32_t e = y.mag.empty() ? 0 : y.mag[0];
      Num result{false, {1}}, base = x;
      while (e) {
        if (e & 1) result = mul_num(result, base);
        e >>= 1;
        if (e) base = mul_num(base, base);
      }
      return from_num(result);
    }
    case BinOpKind::LShift: {
      if (y.neg) in.raise("ValueError", "negative shift count");
      if (y.mag.size() > 1 || (y.mag.size() == 1 && y.mag[0] > 1000000)) in.raise("OverflowError", "too many digits in integer");
      uint32_t s = y.mag.empty() ? 0 : y.mag[0];
      Num r = x;
      Mag two_pow{1};
      for (uint32_t i = 0; i < s; ++i) two_pow = add_mag(two_pow, two_pow);
      r.mag = mul_mag(r.mag, two_pow);
      return from_num(r);
    }
    case BinOpKind::RShift: {
      if (y.neg) in.raise("ValueError", "negative shift count");
      uint32_t s = y.mag.empty() ? 0 : (y.mag.size() > 1 ? 0xFFFFFFFFu : y.mag[0]);
      Mag two_pow{1};
      for (uint32_t i = 0; i < s && bit_length(two_pow) <= bit_length(x.mag) + 1; ++i) two_pow = add_mag(two_pow, two_pow);
      Num q, r;
      floordiv_num(x, Num{false, two_pow}, q, r);
      return from_num(q);
    }
    default:
      in.raise("OverflowError", "bitwise operations on integers beyond 64 bits are not supported");
  }
}

Value int_parse(Interpreter& in, const std::string& text, int base, bool& ok) {
  (void)in;
  ok = false;
  size_t i = 0, n = text.size();
  while (i < n && std::isspace((unsigned char)text[i])) ++i;
  while (n > i && std::isspace((unsigned char)text[n - 1])) --n;
  bool neg = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
  if (base == 0 || base == 16 || base == 8 || base == 2) {
    if (i + 1 < n && text[i] == '0') {
      char p = char(std::tolower((unsigned char)text[i + 1]));
      int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
      if (pb && (base == 0 || base == pb)) {
        base = pb;
        i += 2;
        if (i < n && text[i] == '_') ++i;
      }
    }
    if (base == 0) {
      base = 10;
      if (i + 1 < n && text[i] == '0') {
        for (size_t k = i; k < n; ++k)
          if (text[k] != '0' && text[k] != '_') return Value();
      }
    }
  }
  std::string digits;
  bool last_us = true;
  for (; i < n; ++i) {
    char c = text[i];
    if (c == '_') {
      if (last_us) return Value();
      last_us = true;
      continue;
    }
    int d = std::isdigit((unsigned char)c) ? c - '0' : std::isalpha((unsigned char)c) ? std::tolower((unsigned char)c) - 'a' + 10 : 99;
    if (d >= base) return Value();
    digits += c;
    last_us = false;
  }
  if (digits.empty() || last_us) return Value();
  ok = true;
  Value v = big_from_string(digits, base);
  return neg ? int_negate(v) : v;
}

}  // namespace loopscope::script
