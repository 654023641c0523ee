// Loopscope script: scope analysis. Decides for every name whether it is a
// fast local slot, a cell, a global or a class-namespace lookup (like
// CPython's symtable), builds the Code objects, desugars comprehensions into
// implicit functions and reports compile-time SyntaxErrors.
#pragma once

#include "ast.hpp"
#include "parser.hpp"

namespace loopscope::script {

void resolve_program(Program& prog, const ParserContext& ctx);

}  // namespace loopscope::script
