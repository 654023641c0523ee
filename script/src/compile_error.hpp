// Loopscope script: syntax errors detected while tokenizing, parsing or
// resolving scopes, carrying the position CPython would report.
#pragma once

#include <string>

namespace loopscope::script {

struct CompileError {
  std::string kind = "SyntaxError";  // or "IndentationError"
  std::string message;
  int line = 1;
  int col = 0;           // 0-based byte column of the caret start
  int end_line = 1;
  int end_col = 1;       // exclusive; end_col <= col means "one caret"
  bool show_caret = true;
};

}  // namespace loopscope::script
