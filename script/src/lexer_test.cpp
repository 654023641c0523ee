#include <doctest/doctest.h>

#include "lexer.hpp"

using namespace loopscope::script;

namespace {
std::vector<Tok> kinds(const std::vector<Token>& t) {
  std::vector<Tok> k;
  for (auto& x : t) k.push_back(x.type);
  return k;
}
CompileError lex_error(const char* src) {
  try {
    tokenize(src);
  } catch (const CompileError& e) {
    return e;
  }
  FAIL("expected a CompileError");
  return {};
}
}  // namespace

TEST_CASE("lexer: indentation produces INDENT/DEDENT and ignores blank/comment lines") {
  auto t = tokenize("if x:\n    y = 1\n\n    # note\n    z\nw\n");
  std::vector<Tok> expect = {Tok::Name, Tok::Name, Tok::Op, Tok::Newline, Tok::Indent, Tok::Name, Tok::Op,
                             Tok::Number, Tok::Newline, Tok::Name, Tok::Newline, Tok::Dedent, Tok::Name,
                             Tok::Newline, Tok::End};
  CHECK(kinds(t) == expect);
}

TEST_CASE("lexer: implicit joining inside brackets and backslash continuation") {
  auto t = tokenize("x = (1,\n     2)\ny = 1 + \\\n    2\n");
  int newlines = 0;
  for (auto& k : t) newlines += k.type == Tok::Newline;
  CHECK(newlines == 2);
}

TEST_CASE("lexer: numbers") {
  auto t = tokenize("1_000 0x1F 0b101 0o17 3.5 1e-3 .5 10.\n");
  CHECK(t[0].ival == 1000);
  CHECK(t[1].ival == 31);
  CHECK(t[2].ival == 5);
  CHECK(t[3].ival == 15);
  CHECK(t[4].fval == 3.5);
  CHECK(t[5].fval == 1e-3);
  CHECK(t[6].fval == 0.5);
  CHECK(t[7].is_float);
  auto big = tokenize("123456789012345678901234567890\n");
  CHECK(big[0].is_big);
}

TEST_CASE("lexer: string forms") {
  auto t = tokenize("'a\\tb' \"q'\" r'\\n' '''multi\nline''' f'{x!r:>4}' u'\\u00e9'\n");
  CHECK(t[0].text == "a\tb");
  CHECK(t[1].text == "q'");
  CHECK(t[2].text == "\\n");
  CHECK(t[3].text == "multi\nline");
  CHECK(t[4].fstring);
  CHECK(t[4].text == "{x!r:>4}");
  CHECK(t[5].text == "\xc3\xa9");
}

TEST_CASE("lexer: errors carry CPython's messages and positions") {
  auto e = lex_error("x = 'abc\n");
  CHECK(e.message == "unterminated string literal (detected at line 1)");
  CHECK(e.col == 4);
  auto e2 = lex_error("s = \"\"\"abc\n\n");
  CHECK(e2.message == "unterminated triple-quoted string literal (detected at line 3)");
  auto e3 = lex_error("if x:\n    a\n  b\n");
  CHECK(e3.kind == "IndentationError");
  CHECK(e3.message == "unindent does not match any outer indentation level");
  CHECK(e3.line == 3);
  auto e4 = lex_error("x = 08\n");
  CHECK(e4.message.find("leading zeros") == 0);
}
