// Loopscope script: recursive-descent parser producing the AST of ast.hpp.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "ast.hpp"
#include "compile_error.hpp"

namespace loopscope::script {

struct ParserContext {
  std::function<Ref<Str>(std::string_view)> intern;
  // Creates an int constant too large for 64 bits (digits in the given base).
  std::function<Value(const std::string& digits, int base)> big_int;
};

// Parses a module into `prog` (prog.body). Throws CompileError.
void parse_program(std::string_view src, Program& prog, const ParserContext& ctx);

}  // namespace loopscope::script
