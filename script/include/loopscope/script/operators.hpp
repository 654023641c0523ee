// Loopscope script: operator identifiers shared by the parser and evaluator.
#pragma once

#include <cstdint>

namespace loopscope::script {

enum class BinOpKind : uint8_t { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, MatMul };
enum class CmpKind : uint8_t { Lt, Le, Eq, Ne, Gt, Ge, In, NotIn, Is, IsNot };
enum class UnaryKind : uint8_t { Neg, Pos, Not, Invert };

}  // namespace loopscope::script
