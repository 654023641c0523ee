// Loopscope script: tokenizer for the Python 3.11 subset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compile_error.hpp"

namespace loopscope::script {

enum class Tok : uint8_t { Name, Number, String, Op, Newline, Indent, Dedent, End };

struct Token {
  Tok type;
  std::string text;   // Name/Op: the spelling; String: decoded value (raw body for f-strings)
  int line, col, end_line, end_col;  // 1-based lines, 0-based byte columns
  // numbers
  bool is_float = false, is_imag = false, is_big = false;
  int64_t ival = 0;
  double fval = 0;
  // strings
  bool fstring = false, bytes = false, raw = false;
  int body_line = 0, body_col = 0;  // where the body of an f-string starts
};

// Tokenizes a whole module. Throws CompileError.
std::vector<Token> tokenize(std::string_view src);

// Decodes backslash escapes of a (non-raw) string body. Throws CompileError
// positioned at line/col on malformed \x / \u escapes.
std::string decode_escapes(std::string_view body, int line, int col);

// Splits source into lines (without terminators), for error display.
std::vector<std::string> split_source_lines(std::string_view src);

}  // namespace loopscope::script
