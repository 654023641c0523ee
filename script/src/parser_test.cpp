#include <doctest/doctest.h>

#include "parser.hpp"
#include "resolver.hpp"

using namespace loopscope::script;

namespace {
ParserContext ctx() {
  ParserContext c;
  c.intern = [](std::string_view s) { return Ref<Str>(new Str(std::string(s))); };
  c.big_int = [](const std::string&, int) { return Value(); };
  return c;
}
Program parse(const char* src) {
  Program p;
  auto c = ctx();
  parse_program(src, p, c);
  resolve_program(p, c);
  return p;
}
CompileError error_of(const char* src) {
  try {
    parse(src);
  } catch (const CompileError& e) {
    return e;
  }
  FAIL("expected a CompileError for: " << src);
  return {};
}
}  // namespace

TEST_CASE("parser: precedence follows Python's grammar") {
  Program p = parse("x = 1 + 2 * 3 ** 2\n");
  auto* a = static_cast<AssignStmt*>(p.body[0]);
  REQUIRE(a->value->kind == EK::BinOp);
  auto* add = static_cast<BinOpExpr*>(a->value);
  CHECK(add->op == BinOpKind::Add);
  auto* mul = static_cast<BinOpExpr*>(add->right);
  CHECK(mul->op == BinOpKind::Mul);
  CHECK(static_cast<BinOpExpr*>(mul->right)->op == BinOpKind::Pow);
  Program q = parse("y = not a == b and c or d\n");
  auto* top = static_cast<BoolOpExpr*>(static_cast<AssignStmt*>(q.body[0])->value);
  CHECK_FALSE(top->is_and);
  CHECK(static_cast<BoolOpExpr*>(top->values[0])->is_and);
}

TEST_CASE("parser: positions of expressions are recorded") {
  Program p = parse("result = divide(1, 0)\n");
  auto* call = static_cast<AssignStmt*>(p.body[0])->value;
  CHECK(call->line == 1);
  CHECK(call->col == 9);
  CHECK(call->end_col == 21);
}

TEST_CASE("parser: scopes resolve locals to slots and captured names to cells") {
  Program p = parse("def f(a):\n    b = a\n    def g():\n        return b\n    return g\n");
  auto* f = static_cast<FunctionDefStmt*>(p.body[0]);
  CHECK(f->code->nlocals == 3);  // a, b, g
  bool b_is_cell = false;
  for (size_t i = 0; i < f->code->slot_names.size(); ++i)
    if (f->code->slot_names[i]->s == "b") b_is_cell = f->code->slot_is_cell[i];
  CHECK(b_is_cell);
  auto* g = static_cast<FunctionDefStmt*>(f->body[1]);
  CHECK(g->code->freevar_names.size() == 1);
}

TEST_CASE("parser: SyntaxError messages and positions") {
  auto e = error_of("if x\n    pass\n");
  CHECK(e.message == "expected ':'");
  CHECK(e.line == 1);
  CHECK(e.col == 4);
  auto e2 = error_of("x = 5 5\n");
  CHECK(e2.message == "invalid syntax");
  CHECK(e2.col == 6);
  auto e3 = error_of("if x:\npass\n");
  CHECK(e3.kind == "IndentationError");
  CHECK(e3.message == "expected an indented block after 'if' statement on line 1");
  auto e4 = error_of("await x\n");
  CHECK(e4.message == "'await' outside function");
  CHECK(e4.end_col == 7);
  auto e5 = error_of("return 5\n");
  CHECK(e5.message == "'return' outside function");
  auto e6 = error_of("def f():\n    async with a:\n        pass\n");
  CHECK(e6.message == "'async with' outside async function");
  auto e7 = error_of(" x = 1\n");
  CHECK(e7.message == "unexpected indent");
  auto e8 = error_of("x = (1,\n");
  CHECK(e8.message == "'(' was never closed");
  auto e9 = error_of("def f():\n    await g()\n");
  CHECK(e9.message == "'await' outside async function");
  auto e10 = error_of("f(a=1, 2)\n");
  CHECK(e10.message == "positional argument follows keyword argument");
  auto e11 = error_of("for x in y:\n    pass\nbreak\n");
  CHECK(e11.message == "'break' outside loop");
}
