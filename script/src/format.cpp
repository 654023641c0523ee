// The format-spec mini-language, printf-style '%' formatting and
// str.format().
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runtime.hpp"

namespace loopscope::script {

namespace {
// Appends a digit to a width or precision; past INT_MAX the number stays there and `too_big` is
// set (CPython: "Too many decimal digits", "width too big").
void add_digit(int& value, char digit, bool& too_big) {
  int d = digit - '0';
  if (value > (INT_MAX - d) / 10) {
    too_big = true;
    value = INT_MAX;
    return;
  }
  value = value * 10 + d;
}
}  // namespace

bool parse_format_spec(std::string_view spec, FormatSpec& fs) {
  size_t i = 0, n = spec.size();
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  // fill may be any (UTF-8) character followed by an align char
  if (n >= 2) {
    size_t clen = 1;
    unsigned char c0 = static_cast<unsigned char>(spec[0]);
    if (c0 >= 0xF0) clen = 4;
    else if (c0 >= 0xE0) clen = 3;
    else if (c0 >= 0xC0) clen = 2;
    if (clen < n && is_align(spec[clen])) {
      fs.fill_str = std::string(spec.substr(0, clen));
      fs.fill = spec[0];
      fs.align = spec[clen];
      i = clen + 1;
    }
  }
  if (i == 0 && n >= 1 && is_align(spec[0])) {
    fs.align = spec[0];
    i = 1;
  }
  if (i < n && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) fs.sign = spec[i++];
  if (i < n && spec[i] == '#') {
    fs.alt = true;
    ++i;
  }
  if (i < n && spec[i] == '0') {
    fs.zero = true;
    ++i;
  }
  if (i < n && std::isdigit((unsigned char)spec[i])) {
    fs.width = 0;
    while (i < n && std::isdigit((unsigned char)spec[i])) add_digit(fs.width, spec[i++], fs.too_big);
  }
  if (i < n && (spec[i] == ',' || spec[i] == '_')) fs.grouping = spec[i++];
  if (i < n && spec[i] == '.') {
    ++i;
    if (i >= n || !std::isdigit((unsigned char)spec[i])) return false;
    fs.precision = 0;
    while (i < n && std::isdigit((unsigned char)spec[i])) add_digit(fs.precision, spec[i++], fs.too_big);
  }
  if (i < n) fs.type = spec[i++];
  return i == n;
}

std::string apply_padding(const std::string& body, const FormatSpec& fs, char default_align) {
  size_t len = utf8_length(body);
  if (fs.width < 0 || len >= size_t(fs.width)) return body;
  size_t pad = size_t(fs.width) - len;
  char align = fs.align ? fs.align : default_align;
  auto fill = [&](size_t k) {
    std::string s;
    for (size_t i = 0; i < k; ++i) s += fs.fill_str;
    return s;
  };
  if (align == '<') return body + fill(pad);
  if (align == '^') return fill(pad / 2) + body + fill(pad - pad / 2);
  if (align == '=') {
    size_t sign_len = 0;
    if (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) sign_len = 1;
    if (body.size() > sign_len + 1 && body[sign_len] == '0' && std::strchr("xXob", body[sign_len + 1])) sign_len += 2;
    return body.substr(0, sign_len) + fill(pad) + body.substr(sign_len);
  }
  return fill(pad) + body;
}

namespace {
std::string group_digits(const std::string& digits, char sep, int every = 3) {
  std::string out;
  int count = 0;
  for (size_t i = digits.size(); i-- > 0;) {
    out += digits[i];
    if (++count % every == 0 && i > 0) out += sep;
  }
  return std::string(out.rbegin(), out.rend());
}

FormatSpec zero_fill(FormatSpec fs) {
  if (fs.zero && !fs.align) {
    fs.fill = '0';
    fs.fill_str = "0";
    fs.align = '=';
  }
  return fs;
}

// Zero padding with grouping inserts separators into the padding too.
std::string grouped_zero_pad(const std::string& sign, const std::string& digits, const FormatSpec& fs) {
  std::string d = digits;
  std::string grouped = group_digits(d, fs.grouping, fs.type == 'x' || fs.type == 'X' || fs.type == 'b' || fs.type == 'o' ? 4 : 3);
  while (fs.width > 0 && sign.size() + grouped.size() < size_t(fs.width)) {
    d = "0" + d;
    grouped = group_digits(d, fs.grouping);
  }
  return sign + grouped;
}
}  // namespace

std::string format_float_fixed(double v, int precision) {
  std::vector<char> buf(size_t(precision) + 400);
  std::snprintf(buf.data(), buf.size(), "%.*f", precision, v);
  return buf.data();
}

std::string format_int(Interpreter& in, int64_t v, const FormatSpec& fs0) {
  FormatSpec fs = zero_fill(fs0);
  char t = fs.type ? fs.type : 'd';
  if (std::strchr("eEfFgG%", t)) return format_float(in, double(v), fs0);
  if (fs.precision >= 0) in.raise("ValueError", "Precision not allowed in integer format specifier");
  if (t == 'c') {
    std::string s;
    utf8_append(s, uint32_t(v));
    return apply_padding(s, fs, '<');
  }
  uint64_t mag = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  std::string digits;
  std::string prefix;
  int base = 10;
  switch (t) {
    case 'd': case 'n': base = 10; break;
    case 'x': case 'X': base = 16; prefix = t == 'x' ? "0x" : "0X"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'b': base = 2; prefix = "0b"; break;
    default:
      in.raise("ValueError", std::string("Unknown format code '") + t + "' for object of type 'int'");
  }
  const char* dig = t == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  if (mag == 0) digits = "0";
  while (mag) {
    digits = dig[mag % uint64_t(base)] + digits;
    mag /= uint64_t(base);
  }
  std::string sign = v < 0 ? "-" : fs.sign == '+' ? "+" : fs.sign == ' ' ? " " : "";
  if (fs.alt) sign += prefix;
  if (fs.grouping) {
    if (fs.align == '=' && fs.fill == '0') return grouped_zero_pad(sign, digits, fs);
    digits = group_digits(digits, fs.grouping, base == 10 ? 3 : 4);
  }
  return apply_padding(sign + digits, fs, '>');
}

std::string format_float(Interpreter& in, double v, const FormatSpec& fs0) {
  FormatSpec fs = zero_fill(fs0);
  char t = fs.type;
  std::string body;
  bool neg = std::signbit(v) && !std::isnan(v);
  double a = std::fabs(v);
  int prec = fs.precision;
  char buf[512];
  if (std::isinf(a) || std::isnan(a)) {
    body = std::isnan(a) ? "nan" : "inf";
    if (t == 'F' || t == 'E' || t == 'G') body = std::isnan(a) ? "NAN" : "INF";
    if (t == '%') body += "%";
  } else {
    switch (t) {
      case 'f': case 'F': body = format_float_fixed(a, prec < 0 ? 6 : prec); break;
      case '%': body = format_float_fixed(a * 100, prec < 0 ? 6 : prec) + "%"; break;
      case 'e': case 'E':
        std::snprintf(buf, sizeof buf, t == 'e' ? "%.*e" : "%.*E", prec < 0 ? 6 : prec, a);
        body = buf;
        break;
      case 'g': case 'G':
        std::snprintf(buf, sizeof buf, fs.alt ? (t == 'g' ? "%#.*g" : "%#.*G") : (t == 'g' ? "%.*g" : "%.*G"),
                      prec < 0 ? 6 : (prec == 0 ? 1 : prec), a);
        body = buf;
        break;
      case 0:
        if (prec < 0) {
          body = float_repr(a);
        } else {
          std::snprintf(buf, sizeof buf, "%.*g", prec == 0 ? 1 : prec, a);
          body = buf;
          if (body.find_first_of(".e") == std::string::npos) body += ".0";
        }
        break;
      case 'n':
        std::snprintf(buf, sizeof buf, "%.*g", prec < 0 ? 6 : prec, a);
        body = buf;
        break;
      default:
        in.raise("ValueError", std::string("Unknown format code '") + t + "' for object of type 'float'");
    }
  }
  std::string sign = neg ? "-" : fs.sign == '+' ? "+" : fs.sign == ' ' ? " " : "";
  if (fs.grouping && !std::isinf(a) && !std::isnan(a)) {
    size_t end = body.find_first_not_of("0123456789");
    std::string ip = body.substr(0, end), rest = end == std::string::npos ? "" : body.substr(end);
    if (fs.align == '=' && fs.fill == '0') {
      FormatSpec f2 = fs;
      f2.width = fs.width - int(utf8_length(rest));
      return grouped_zero_pad(sign, ip, f2) + rest;
    }
    body = group_digits(ip, fs.grouping) + rest;
  }
  return apply_padding(sign + body, fs, '>');
}

std::string Interpreter::format_value(const Value& v, std::string_view spec) {
  Value m;
  if ((v.is(Kind::Instance) || v.is(Kind::Native)) && has_special(v, names->format.get(), m) &&
      !m.is(Kind::NativeFunction)) {
    Value args[2] = {v, new_str(std::string(spec))};
    Value r = call(m, args, 2);
    if (!r.is(Kind::Str)) raise("TypeError", "__format__ must return a str, not " + type_name(r));
    return r.as<Str>()->s;
  }
  if (spec.empty()) return str(v);
  FormatSpec fs;
  if (!parse_format_spec(spec, fs)) raise("ValueError", "Invalid format specifier");
  if (fs.too_big) raise("ValueError", "Too many decimal digits in format string");
  if (v.is_bool() && fs.type == 0) return apply_padding(str(v), fs, '<');
  if (v.is_int() || v.is_bool()) return format_int(*this, v.as_int(), fs);
  if (v.is(Kind::BigInt)) {
    FormatSpec z = fs;
    std::string digits = int_to_string(v, fs.type == 'x' || fs.type == 'X' ? 16 : fs.type == 'b' ? 2 : fs.type == 'o' ? 8 : 10);
    bool neg = !digits.empty() && digits[0] == '-';
    if (neg) digits.erase(0, 1);
    if (fs.type == 'X')
      for (auto& c : digits) c = char(std::toupper((unsigned char)c));
    if (fs.grouping) digits = group_digits(digits, fs.grouping);
    std::string sign = neg ? "-" : fs.sign == '+' ? "+" : "";
    if (z.zero && !z.align) {
      z.fill = '0';
      z.fill_str = "0";
      z.align = '=';
    }
    return apply_padding(sign + digits, z, '>');
  }
  if (v.is_float()) return format_float(*this, v.as_float(), fs);
  if (v.is(Kind::Str)) {
    if (fs.type && fs.type != 's')
      raise("ValueError", std::string("Unknown format code '") + fs.type + "' for object of type 'str'");
    if (fs.sign) raise("ValueError", "Sign not allowed in string format specifier");
    std::string s = v.as<Str>()->s;
    if (fs.precision >= 0 && utf8_length(s) > size_t(fs.precision)) s = s.substr(0, utf8_offset(s, size_t(fs.precision)));
    if (fs.zero && !fs.align) {
      fs.fill = '0';
      fs.fill_str = "0";
    }
    return apply_padding(s, fs, '<');
  }
  if (v.is_none() || v.is_obj()) {
    raise("TypeError", "unsupported format string passed to " + type_name(v) + ".__format__");
  }
  return str(v);
}

// ------------------------------------------------------------- % format
std::string percent_format(Interpreter& in, const std::string& fmt, const Value& args) {
  std::vector<Value> items;
  bool is_map = args.is(Kind::Dict);
  if (args.is(Kind::Tuple)) items = args.as<Tuple>()->items;
  else if (!is_map) items.push_back(args);
  size_t ai = 0;
  std::string out;
  auto next_arg = [&]() -> Value {
    if (ai >= items.size()) in.raise("TypeError", "not enough arguments for format string");
    return items[ai++];
  };
  for (size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (++i >= fmt.size()) in.raise("ValueError", "incomplete format");
    Value mapped;
    bool has_mapped = false;
    if (fmt[i] == '(') {
      size_t close = fmt.find(')', i);
      if (close == std::string::npos) in.raise("ValueError", "incomplete format key");
      std::string key = fmt.substr(i + 1, close - i - 1);
      if (!is_map) in.raise("TypeError", "format requires a mapping");
      mapped = in.getitem(args, in.new_str(key));
      has_mapped = true;
      i = close + 1;
    }
    FormatSpec fs;
    bool left = false;
    while (i < fmt.size() && std::strchr("-+ #0", fmt[i])) {
      if (fmt[i] == '-') left = true;
      else if (fmt[i] == '+') fs.sign = '+';
      else if (fmt[i] == ' ') fs.sign = ' ';
      else if (fmt[i] == '#') fs.alt = true;
      else fs.zero = true;
      ++i;
    }
    if (i < fmt.size() && fmt[i] == '*') {
      int64_t w = in.to_index(next_arg());
      if (w > INT_MAX || w < -INT_MAX) in.raise("ValueError", "width too big");  // CPython would try to allocate it
      if (w < 0) {  // a negative width from * left-aligns, as the '-' flag does
        left = true;
        w = -w;
      }
      fs.width = int(w);
      ++i;
    }
    bool too_big = false;
    if (i < fmt.size() && std::isdigit((unsigned char)fmt[i])) fs.width = 0;
    while (i < fmt.size() && std::isdigit((unsigned char)fmt[i])) add_digit(fs.width, fmt[i++], too_big);
    if (too_big) in.raise("ValueError", "width too big");
    if (i < fmt.size() && fmt[i] == '.') {
      ++i;
      fs.precision = 0;
      if (i < fmt.size() && fmt[i] == '*') {
        int64_t p = in.to_index(next_arg());
        if (p > INT_MAX) in.raise("ValueError", "precision too big");
        fs.precision = p < 0 ? 0 : int(p);  // CPython takes a negative one as 0
        ++i;
      }
      while (i < fmt.size() && std::isdigit((unsigned char)fmt[i])) add_digit(fs.precision, fmt[i++], too_big);
      if (too_big) in.raise("ValueError", "precision too big");
    }
    if (i >= fmt.size()) in.raise("ValueError", "incomplete format");
    char t = fmt[i];
    if (t == '%') {
      out += '%';
      continue;
    }
    Value v = has_mapped ? mapped : next_arg();
    if (left) fs.align = '<';
    else if (fs.zero && t != 's' && t != 'r') {
      fs.align = '=';
      fs.fill = '0';
      fs.fill_str = "0";
    } else fs.align = '>';
    fs.zero = false;
    std::string piece;
    switch (t) {
      case 's': case 'r': case 'a': {
        piece = t == 's' ? in.str(v) : in.repr(v);
        if (fs.precision >= 0 && utf8_length(piece) > size_t(fs.precision)) piece = piece.substr(0, utf8_offset(piece, size_t(fs.precision)));
        FormatSpec p = fs;
        p.sign = 0;
        piece = apply_padding(piece, p, '>');
        break;
      }
      case 'd': case 'i': case 'u': {
        if (!(v.is_int() || v.is_bool() || v.is_float() || v.is(Kind::BigInt)))
          in.raise("TypeError", std::string("%") + t + " format: a real number is required, not " + in.type_name(v));
        Value iv = v.is_float() ? int_from_double(in, v.as_float()) : v;
        FormatSpec p = fs;
        p.type = 'd';
        p.precision = -1;
        if (iv.is(Kind::BigInt)) piece = apply_padding(int_to_string(iv), p, '>');
        else piece = format_int(in, iv.as_int(), p);
        break;
      }
      case 'x': case 'X': case 'o': {
        if (!(v.is_int() || v.is_bool()))
          in.raise("TypeError", std::string("%") + t + " format: an integer is required, not " + in.type_name(v));
        FormatSpec p = fs;
        p.type = t;
        p.precision = -1;
        piece = format_int(in, v.as_int(), p);
        break;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
        if (!(v.is_int() || v.is_bool() || v.is_float() || v.is(Kind::BigInt)))
          in.raise("TypeError", "must be real number, not " + in.type_name(v));
        FormatSpec p = fs;
        p.type = t;
        if (p.precision < 0) p.precision = 6;
        piece = format_float(in, in.to_double(v), p);
        break;
      }
      case 'c': {
        if (v.is(Kind::Str)) piece = v.as<Str>()->s;
        else utf8_append(piece, uint32_t(in.to_index(v)));
        piece = apply_padding(piece, fs, '>');
        break;
      }
      default: {
        char b[128];
        std::snprintf(b, sizeof b, "unsupported format character '%c' (0x%x) at index %zu", t, (unsigned)(unsigned char)t, i);
        in.raise("ValueError", b);
      }
    }
    out += piece;
  }
  if (!is_map && ai < items.size()) in.raise("TypeError", "not all arguments converted during string formatting");
  return out;
}

// ------------------------------------------------------------ str.format
std::string str_format_method(Interpreter& in, const std::string& fmt, const Args& a, size_t first) {
  std::string out;
  size_t auto_idx = 0;
  bool used_auto = false, used_manual = false;
  for (size_t i = 0; i < fmt.size(); ++i) {
    char c = fmt[i];
    if (c == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      in.raise("ValueError", "Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    // find the matching close brace (the spec may nest one level)
    size_t j = i + 1;
    int depth = 1;
    for (; j < fmt.size(); ++j) {
      if (fmt[j] == '{') ++depth;
      else if (fmt[j] == '}' && --depth == 0) break;
    }
    if (j >= fmt.size()) in.raise("ValueError", "expected '}' before end of string");
    std::string field = fmt.substr(i + 1, j - i - 1);
    i = j;
    std::string spec;
    char conv = 0;
    size_t colon = std::string::npos;
    {
      int d = 0;
      for (size_t k = 0; k < field.size(); ++k) {
        if (field[k] == '[') ++d;
        else if (field[k] == ']') --d;
        else if (d == 0 && (field[k] == ':' || field[k] == '!')) {
          colon = k;
          break;
        }
      }
    }
    std::string name = field.substr(0, colon);
    if (colon != std::string::npos) {
      std::string rest = field.substr(colon);
      if (rest[0] == '!') {
        if (rest.size() < 2) in.raise("ValueError", "end of string while looking for conversion specifier");
        conv = rest[1];
        rest = rest.substr(2);
        if (!rest.empty() && rest[0] != ':') in.raise("ValueError", "expected ':' after conversion specifier");
      }
      if (!rest.empty()) spec = rest.substr(1);
    }
    // nested fields in the spec
    if (spec.find('{') != std::string::npos) spec = str_format_method(in, spec, a, first);
    // resolve the field name
    size_t k = 0;
    while (k < name.size() && name[k] != '.' && name[k] != '[') ++k;
    std::string head = name.substr(0, k);
    Value v;
    if (head.empty()) {
      if (used_manual) in.raise("ValueError", "cannot switch from manual field specification to automatic field numbering");
      used_auto = true;
      size_t idx = auto_idx++;
      if (first + idx >= a.size())
        in.raise("IndexError", "Replacement index " + std::to_string(idx) + " out of range for positional args tuple");
      v = a[first + idx];
    } else if (std::isdigit((unsigned char)head[0])) {
      if (used_auto) in.raise("ValueError", "cannot switch from automatic field numbering to manual field specification");
      used_manual = true;
      size_t idx = size_t(std::stoul(head));
      if (first + idx >= a.size())
        in.raise("IndexError", "Replacement index " + std::to_string(idx) + " out of range for positional args tuple");
      v = a[first + idx];
    } else {
      const Value* kv = a.kw(head);
      if (!kv) throw PyException(in.new_exception(in.exception_class("KeyError"), std::vector<Value>{in.new_str(head)}));
      v = *kv;
    }
    while (k < name.size()) {
      if (name[k] == '.') {
        size_t e = k + 1;
        while (e < name.size() && name[e] != '.' && name[e] != '[') ++e;
        v = in.getattr(v, name.substr(k + 1, e - k - 1));
        k = e;
      } else {
        size_t e = name.find(']', k);
        std::string key = name.substr(k + 1, e - k - 1);
        bool numeric = !key.empty() && key.find_first_not_of("0123456789") == std::string::npos;
        v = in.getitem(v, numeric ? Value::integer(std::stoll(key)) : in.new_str(key));
        k = e + 1;
      }
    }
    if (conv == 'r' || conv == 'a') v = in.new_str(in.repr(v));
    else if (conv == 's') v = in.new_str(in.str(v));
    else if (conv) in.raise("ValueError", std::string("Unknown conversion specifier ") + conv);
    out += in.format_value(v, spec);
  }
  return out;
}

}  // namespace loopscope::script
