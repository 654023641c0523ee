#include "lexer.hpp"

#include <cstdlib>
#include <cstring>

#include "runtime.hpp"  // utf8_append

namespace loopscope::script {
namespace {

bool is_id_start(unsigned char c) { return c == '_' || std::isalpha(c) || c >= 0x80; }
bool is_id_char(unsigned char c) { return is_id_start(c) || std::isdigit(c); }

[[noreturn]] void fail(const std::string& msg, int line, int col, int end_col = -1,
                       const char* kind = "SyntaxError") {
  CompileError e;
  e.kind = kind;
  e.message = msg;
  e.line = e.end_line = line;
  e.col = col;
  e.end_col = end_col < 0 ? col + 1 : end_col;
  throw e;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : src_(s) {}

  // The per-character loop is kept small: its helpers are out of line. In WebAssembly V8 decides
  // what to optimise by (roughly) the bytes of code each function has executed, so with its
  // helpers inlined every character spent a big loop body's worth, and a program of a few
  // hundred bytes made the lexer one of the first functions optimised, ahead of the program's own
  // hot code on V8's one compile thread (docs/architecture.md).
  std::vector<Token> run() {
    indents_.push_back(0);
    bool at_line_start = true;
    while (true) {
      if (at_line_start) {
        at_line_start = false;
        if (handle_indentation()) {  // blank or comment line
          at_line_start = true;
          continue;
        }
        if (pos_ >= src_.size()) break;
      }
      if (pos_ >= src_.size()) break;
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\f') {
        while (++pos_ < src_.size() && (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\f')) {
        }
        continue;
      }
      if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
        continue;
      }
      if (c == '\\') {
        size_t p = pos_ + 1;
        if (p < src_.size() && src_[p] == '\r') ++p;
        if (p < src_.size() && src_[p] == '\n') {
          pos_ = p + 1;
          new_line();
          continue;
        }
        fail("unexpected character after line continuation character", line_, col());
      }
      if (c == '\r') {
        ++pos_;
        continue;
      }
      if (c == '\n') {
        if (brackets_.empty()) {
          push(Tok::Newline, "", col(), col() + 1);
          at_line_start = true;
        }
        ++pos_;
        new_line();
        continue;
      }
      if (is_id_start((unsigned char)c)) {
        size_t start = pos_;
        while (pos_ < src_.size() && is_id_char((unsigned char)src_[pos_])) ++pos_;
        std::string_view word = src_.substr(start, pos_ - start);
        // string prefixes
        if (pos_ < src_.size() && (src_[pos_] == '\'' || src_[pos_] == '"') && word.size() <= 2) {
          std::string p;
          for (char ch : word) p += char(std::tolower((unsigned char)ch));
          if (p == "r" || p == "f" || p == "b" || p == "u" || p == "rf" || p == "fr" || p == "rb" ||
              p == "br") {
            lex_string(start, p);
            continue;
          }
        }
        push(Tok::Name, std::string(word), int(start - line_start_), col());
        continue;
      }
      if (std::isdigit((unsigned char)c) ||
          (c == '.' && pos_ + 1 < src_.size() && std::isdigit((unsigned char)src_[pos_ + 1]))) {
        lex_number();
        continue;
      }
      if (c == '\'' || c == '"') {
        lex_string(pos_, "");
        continue;
      }
      lex_op();
    }
    if (!brackets_.empty()) {
      // Reported only if the parser gets this far (like CPython's lazy
      // tokenizer, an earlier syntax error wins).
      auto& b = brackets_.back();
      Token end;
      end.type = Tok::End;
      end.text = std::string("'") + b.ch + "' was never closed";
      end.line = end.end_line = b.line;
      end.col = b.col;
      end.end_col = b.col + 1;
      toks_.push_back(std::move(end));
      return std::move(toks_);
    }
    if (!toks_.empty() && toks_.back().type != Tok::Newline && toks_.back().type != Tok::Dedent &&
        toks_.back().type != Tok::Indent) {
      push(Tok::Newline, "", col(), col() + 1);
    }
    while (indents_.size() > 1) {
      indents_.pop_back();
      push(Tok::Dedent, "", 0, 0);
    }
    push(Tok::End, "", 0, 0);
    // The end of the file is on its last line (as CPython's ENDMARKER), with no column.
    if (line_ > 1 && line_start_ == src_.size()) toks_.back().line = toks_.back().end_line = line_ - 1;
    toks_.back().col = toks_.back().end_col = -1;
    return std::move(toks_);
  }

 private:
  struct Bracket {
    char ch;
    int line, col;
  };

  int col() const { return int(pos_ - line_start_); }
  void new_line() {
    ++line_;
    line_start_ = pos_;
  }
  [[gnu::noinline]] void push(Tok t, std::string text, int c0, int c1) {
    Token k;
    k.type = t;
    k.text = std::move(text);
    k.line = k.end_line = line_;
    k.col = c0;
    k.end_col = c1;
    toks_.push_back(std::move(k));
  }

  // Returns true if the line was blank/comment-only and has been consumed.
  [[gnu::noinline]] bool handle_indentation() {
    int width = 0;
    size_t p = pos_;
    while (p < src_.size() && (src_[p] == ' ' || src_[p] == '\t' || src_[p] == '\f')) {
      if (src_[p] == '\t') width = (width / 8 + 1) * 8;
      else if (src_[p] == ' ') ++width;
      else width = 0;
      ++p;
    }
    if (p >= src_.size()) {
      pos_ = p;
      return false;
    }
    if (src_[p] == '#' || src_[p] == '\n' || src_[p] == '\r') {
      while (p < src_.size() && src_[p] != '\n') ++p;
      if (p < src_.size()) {
        pos_ = p + 1;
        new_line();
        return true;
      }
      pos_ = p;
      return false;
    }
    pos_ = p;
    if (width > indents_.back()) {
      indents_.push_back(width);
      push(Tok::Indent, "", 0, col());
    } else {
      while (width < indents_.back()) {
        indents_.pop_back();
        push(Tok::Dedent, "", col(), col());
      }
      if (width != indents_.back()) {
        size_t e = pos_;
        while (e < src_.size() && src_[e] != '\n') ++e;
        while (e > pos_ && (src_[e - 1] == ' ' || src_[e - 1] == '\r')) --e;
        fail("unindent does not match any outer indentation level", line_, int(e - line_start_),
             -1, "IndentationError");
      }
    }
    return false;
  }

  [[gnu::noinline]] void lex_number() {
    size_t start = pos_;
    Token t;
    t.type = Tok::Number;
    auto digits = [&](auto pred) {
      while (pos_ < src_.size() && (pred((unsigned char)src_[pos_]) || src_[pos_] == '_')) ++pos_;
    };
    std::string clean;
    if (src_[pos_] == '0' && pos_ + 1 < src_.size() &&
        std::strchr("xXoObB", src_[pos_ + 1]) != nullptr) {
      char k = char(std::tolower((unsigned char)src_[pos_ + 1]));
      pos_ += 2;
      size_t ds = pos_;
      digits([](unsigned char c) { return std::isxdigit(c) != 0; });
      for (size_t i = ds; i < pos_; ++i)
        if (src_[i] != '_') clean += src_[i];
      int base = k == 'x' ? 16 : k == 'o' ? 8 : 2;
      if (clean.empty()) fail("invalid " + std::string(k == 'x' ? "hexadecimal" : k == 'o' ? "octal" : "binary") + " literal", line_, col());
      t.text = clean;
      errno = 0;
      unsigned long long v = std::strtoull(clean.c_str(), nullptr, base);
      if (errno == ERANGE || v > (unsigned long long)INT64_MAX) {
        t.is_big = true;
        t.ival = base;  // the parser converts text in this base
      } else {
        t.ival = (int64_t)v;
      }
    } else {
      digits([](unsigned char c) { return std::isdigit(c) != 0; });
      bool is_float = false;
      if (pos_ < src_.size() && src_[pos_] == '.') {
        is_float = true;
        ++pos_;
        digits([](unsigned char c) { return std::isdigit(c) != 0; });
      }
      if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
        size_t save = pos_;
        ++pos_;
        if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) ++pos_;
        if (pos_ < src_.size() && std::isdigit((unsigned char)src_[pos_])) {
          is_float = true;
          digits([](unsigned char c) { return std::isdigit(c) != 0; });
        } else {
          pos_ = save;
        }
      }
      for (size_t i = start; i < pos_; ++i)
        if (src_[i] != '_') clean += src_[i];
      if (pos_ < src_.size() && (src_[pos_] == 'j' || src_[pos_] == 'J')) {
        ++pos_;
        t.is_imag = true;
        is_float = true;
      }
      t.text = clean;
      if (is_float) {
        t.is_float = true;
        t.fval = std::strtod(clean.c_str(), nullptr);
      } else {
        if (clean.size() > 1 && clean[0] == '0' && clean.find_first_not_of('0') != std::string::npos)
          fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
               line_, int(start - line_start_), col());
        errno = 0;
        unsigned long long v = std::strtoull(clean.c_str(), nullptr, 10);
        if (errno == ERANGE || v > (unsigned long long)INT64_MAX) {
          t.is_big = true;
          t.ival = 10;
        } else {
          t.ival = (int64_t)v;
        }
      }
    }
    if (pos_ < src_.size() && is_id_start((unsigned char)src_[pos_]))
      fail("invalid decimal literal", line_, int(start - line_start_), col());
    t.line = t.end_line = line_;
    t.col = int(start - line_start_);
    t.end_col = col();
    toks_.push_back(std::move(t));
  }

  [[gnu::noinline]] void lex_string(size_t start, const std::string& prefix) {
    Token t;
    t.type = Tok::String;
    t.fstring = prefix.find('f') != std::string::npos;
    t.raw = prefix.find('r') != std::string::npos;
    t.bytes = prefix.find('b') != std::string::npos;
    t.line = line_;
    t.col = int(start - line_start_);
    pos_ = start + prefix.size();
    char q = src_[pos_];
    bool triple = pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q;
    int start_line = line_;
    pos_ += triple ? 3 : 1;
    t.body_line = line_;
    t.body_col = col();
    std::string body;
    while (true) {
      if (pos_ >= src_.size()) {
        if (triple)
          fail("unterminated triple-quoted string literal (detected at line " +
                   std::to_string(line_) + ")",
               start_line, t.col);
        fail("unterminated string literal (detected at line " + std::to_string(line_) + ")",
             start_line, t.col);
      }
      char c = src_[pos_];
      if (c == '\\') {
        body += c;
        ++pos_;
        if (pos_ < src_.size()) {
          if (src_[pos_] == '\n') {
            body += '\n';
            ++pos_;
            new_line();
          } else {
            body += src_[pos_++];
          }
        }
        continue;
      }
      if (c == '\n') {
        if (!triple)
          fail("unterminated string literal (detected at line " + std::to_string(line_) + ")",
               start_line, t.col);
        body += c;
        ++pos_;
        new_line();
        continue;
      }
      if (c == q) {
        if (!triple) {
          ++pos_;
          break;
        }
        if (pos_ + 2 < src_.size() + 0 && src_[pos_ + 1] == q && src_[pos_ + 2] == q) {
          pos_ += 3;
          break;
        }
      }
      if (c != '\r') body += c;
      ++pos_;
    }
    t.end_line = line_;
    t.end_col = col();
    if (t.fstring || t.raw) {
      t.text = std::move(body);
    } else {
      t.text = decode_escapes(body, t.body_line, t.body_col);
    }
    toks_.push_back(std::move(t));
  }

  [[gnu::noinline]] void lex_op() {
    static const char* ops3[] = {"**=", "//=", ">>=", "<<=", "...", nullptr};
    static const char* ops2[] = {"**", "//", "<<", ">>", "<=", ">=", "==", "!=", "->", "+=", "-=",
                                 "*=", "/=", "%=", "&=", "|=", "^=", ":=", "@=", nullptr};
    std::string_view rest = src_.substr(pos_);
    int c0 = col();
    for (int i = 0; ops3[i]; ++i)
      if (rest.substr(0, 3) == ops3[i]) {
        pos_ += 3;
        push(Tok::Op, ops3[i], c0, c0 + 3);
        return;
      }
    for (int i = 0; ops2[i]; ++i)
      if (rest.substr(0, 2) == ops2[i]) {
        pos_ += 2;
        push(Tok::Op, ops2[i], c0, c0 + 2);
        return;
      }
    char c = rest[0];
    if (std::strchr("+-*/%@&|^~<>()[]{},:;.=", c) == nullptr || c == 0) {
      if (c == '!') fail("invalid syntax", line_, c0);
      unsigned char uc = (unsigned char)c;
      if (uc >= 0x80) fail("invalid character in identifier", line_, c0);
      fail("invalid syntax", line_, c0);
    }
    if (c == '(' || c == '[' || c == '{') brackets_.push_back({c, line_, c0});
    if (c == ')' || c == ']' || c == '}') {
      char open = c == ')' ? '(' : c == ']' ? '[' : '{';
      if (brackets_.empty()) fail(std::string("unmatched '") + c + "'", line_, c0);
      if (brackets_.back().ch != open) {
        auto b = brackets_.back();
        if (b.line != line_)
          fail(std::string("closing parenthesis '") + c +
                   "' does not match opening parenthesis '" + b.ch + "' on line " +
                   std::to_string(b.line),
               line_, c0);
        fail(std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" +
                 b.ch + "'",
             line_, c0);
      }
      brackets_.pop_back();
    }
    ++pos_;
    push(Tok::Op, std::string(1, c), c0, c0 + 1);
  }

  std::string_view src_;
  size_t pos_ = 0, line_start_ = 0;
  int line_ = 1;
  std::vector<int> indents_;
  std::vector<Bracket> brackets_;
  std::vector<Token> toks_;
};

}  // namespace

std::string decode_escapes(std::string_view b, int line, int col) {
  std::string out;
  out.reserve(b.size());
  for (size_t i = 0; i < b.size(); ++i) {
    char c = b[i];
    if (c != '\\' || i + 1 >= b.size()) {
      out += c;
      continue;
    }
    char n = b[++i];
    switch (n) {
      case '\n': break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        uint32_t v = 0;
        int k = 0;
        while (k < 3 && i < b.size() && b[i] >= '0' && b[i] <= '7') {
          v = v * 8 + uint32_t(b[i] - '0');
          ++i;
          ++k;
        }
        --i;
        utf8_append(out, v);
        break;
      }
      case 'x': case 'u': case 'U': {
        int len = n == 'x' ? 2 : n == 'u' ? 4 : 8;
        if (i + len >= b.size() + 0 && i + len > b.size() - 1 + 1) {
        }
        uint32_t v = 0;
        for (int k = 0; k < len; ++k) {
          if (i + 1 >= b.size() || !std::isxdigit((unsigned char)b[i + 1])) {
            const char* what = n == 'x' ? "truncated \\xXX escape" : n == 'u' ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape";
            fail(std::string("(unicode error) 'unicodeescape' codec can't decode bytes in position ") + "0-1: " + what, line, col);
          }
          char h = b[++i];
          v = v * 16 + uint32_t(std::isdigit((unsigned char)h) ? h - '0' : std::tolower((unsigned char)h) - 'a' + 10);
        }
        utf8_append(out, v);
        break;
      }
      case 'N': default:
        out += '\\';
        out += n;
    }
  }
  return out;
}

std::vector<Token> tokenize(std::string_view src) { return Lexer(src).run(); }

std::vector<std::string> split_source_lines(std::string_view src) {
  std::vector<std::string> lines;
  size_t s = 0;
  for (size_t i = 0; i <= src.size(); ++i) {
    if (i == src.size() || src[i] == '\n') {
      std::string l(src.substr(s, i - s));
      if (!l.empty() && l.back() == '\r') l.pop_back();
      if (i < src.size() || !l.empty()) lines.push_back(std::move(l));
      s = i + 1;
    }
  }
  return lines;
}

}  // namespace loopscope::script
