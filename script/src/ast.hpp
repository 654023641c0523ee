// Loopscope script: abstract syntax tree. Nodes are owned by a Program arena
// and never freed while the interpreter lives (functions point into them).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "loopscope/script/objects.hpp"
#include "loopscope/script/operators.hpp"
#include "loopscope/script/value.hpp"

namespace loopscope::script {

struct Code;

struct Node {
  int line = 0, col = 0, end_line = 0, end_col = 0;  // 0-based byte columns
  virtual ~Node() = default;
};

enum class EK : uint8_t {
  Constant, Name, Attribute, Subscript, SliceExpr, Call, BinOp, UnaryOp, BoolOp, Compare, IfExp,
  Lambda, List, Tuple, Dict, Set, Comprehension, Await, Yield, YieldFrom, FString, Starred,
  NamedExpr
};


struct Expr : Node {
  explicit Expr(EK k) : kind(k) {}
  EK kind;
};

struct ConstantExpr : Expr {
  ConstantExpr() : Expr(EK::Constant) {}
  Value value;
};

// How a name is resolved (decided by the resolver).
enum class Scope : uint8_t { Unresolved, Fast, Deref, Global, Name, ClassDeref };

struct NameExpr : Expr {
  NameExpr() : Expr(EK::Name) {}
  Ref<Str> id;  // interned
  Scope scope = Scope::Unresolved;
  int slot = -1;
  // A global's entry index in its module's dict when last found there (see cached_global).
  mutable uint32_t global_index = UINT32_MAX;
};

struct AttributeExpr : Expr {
  AttributeExpr() : Expr(EK::Attribute) {}
  Expr* value = nullptr;
  Ref<Str> attr;  // interned
};

struct SubscriptExpr : Expr {
  SubscriptExpr() : Expr(EK::Subscript) {}
  Expr* value = nullptr;
  Expr* index = nullptr;
};

struct SliceExpr : Expr {
  SliceExpr() : Expr(EK::SliceExpr) {}
  Expr *lower = nullptr, *upper = nullptr, *step = nullptr;
};

struct Keyword {
  Ref<Str> name;  // null for **expr
  Expr* value = nullptr;
};

struct CallExpr : Expr {
  CallExpr() : Expr(EK::Call) {}
  Expr* func = nullptr;
  std::vector<Expr*> args;  // may contain Starred
  std::vector<Keyword> keywords;
  std::vector<Value> kwnames;  // Str values of the named keywords (simple calls)
  bool simple = true;  // no *args / **kwargs
};

struct BinOpExpr : Expr {
  BinOpExpr() : Expr(EK::BinOp) {}
  BinOpKind op;
  Expr *left = nullptr, *right = nullptr;
};

struct UnaryOpExpr : Expr {
  UnaryOpExpr() : Expr(EK::UnaryOp) {}
  UnaryKind op;
  Expr* operand = nullptr;
};

struct BoolOpExpr : Expr {
  BoolOpExpr() : Expr(EK::BoolOp) {}
  bool is_and = true;
  std::vector<Expr*> values;
};

struct CompareExpr : Expr {
  CompareExpr() : Expr(EK::Compare) {}
  Expr* left = nullptr;
  std::vector<CmpKind> ops;
  std::vector<Expr*> comparators;
};

struct IfExpExpr : Expr {
  IfExpExpr() : Expr(EK::IfExp) {}
  Expr *test = nullptr, *body = nullptr, *orelse = nullptr;
};

struct Param {
  Ref<Str> name;
  Expr* default_value = nullptr;
  Expr* annotation = nullptr;  // evaluated into the function's __annotations__
  int line = 0, col = 0;
};

struct Parameters {
  std::vector<Param> positional;  // includes positional-only ones
  size_t nposonly = 0;            // the first ones, before `/`
  bool has_vararg = false;
  Param vararg;
  std::vector<Param> kwonly;
  bool has_kwarg = false;
  Param kwarg;
};

// Every parameter in signature order: positional, *args, keyword-only, **kwargs.
template <class F>
void for_each_param(const Parameters& p, F&& f) {
  for (auto& x : p.positional) f(x);
  if (p.has_vararg) f(p.vararg);
  for (auto& x : p.kwonly) f(x);
  if (p.has_kwarg) f(p.kwarg);
}

struct Stmt;

struct LambdaExpr : Expr {
  LambdaExpr() : Expr(EK::Lambda) {}
  Parameters params;
  Expr* body = nullptr;
  Code* code = nullptr;
};

struct SeqExpr : Expr {  // List, Tuple, Set
  explicit SeqExpr(EK k) : Expr(k) {}
  std::vector<Expr*> elts;
  bool has_star = false;
};

struct DictExpr : Expr {
  DictExpr() : Expr(EK::Dict) {}
  std::vector<Expr*> keys;  // nullptr key means **value
  std::vector<Expr*> values;
};

struct CompFor {
  Expr* target = nullptr;
  Expr* iter = nullptr;
  std::vector<Expr*> ifs;
  bool is_async = false;
};

enum class CompKind : uint8_t { List, Set, Dict, Generator };

struct ComprehensionExpr : Expr {
  ComprehensionExpr() : Expr(EK::Comprehension) {}
  CompKind comp;
  Expr* elt = nullptr;
  Expr* value = nullptr;  // dict comprehension value
  std::vector<CompFor> generators;
  Code* code = nullptr;   // the implicit function
  Stmt* body = nullptr;   // synthesized: for/if/append statements
};

struct AwaitExpr : Expr {
  AwaitExpr() : Expr(EK::Await) {}
  Expr* value = nullptr;
};

struct YieldExpr : Expr {
  explicit YieldExpr(EK k) : Expr(k) {}
  Expr* value = nullptr;
  bool implicit = false;  // synthesized for a generator expression
};

struct FStringPart {
  std::string literal;        // used when expr == nullptr
  Expr* expr = nullptr;
  char conversion = 0;        // 'r', 's', 'a' or 0
  Expr* format_spec = nullptr; // FStringExpr or nullptr
  std::string debug_text;     // for f"{x=}"
};

struct FStringExpr : Expr {
  FStringExpr() : Expr(EK::FString) {}
  std::vector<FStringPart> parts;
};

struct StarredExpr : Expr {
  StarredExpr() : Expr(EK::Starred) {}
  Expr* value = nullptr;
};

struct NamedExprExpr : Expr {
  NamedExprExpr() : Expr(EK::NamedExpr) {}
  NameExpr* target = nullptr;
  Expr* value = nullptr;
};

// ------------------------------------------------------------- statements
enum class SK : uint8_t {
  Expr, Assign, AugAssign, AnnAssign, If, While, For, Break, Continue, Pass, Return, FunctionDef,
  ClassDef, Try, Raise, With, Global, Nonlocal, Import, ImportFrom, Assert, Delete,
  CompAppend  // internal: append to the comprehension result
};

struct Stmt : Node {
  explicit Stmt(SK k) : kind(k) {}
  SK kind;
};

using Block = std::vector<Stmt*>;

struct ExprStmt : Stmt {
  ExprStmt() : Stmt(SK::Expr) {}
  Expr* value = nullptr;
};

struct AssignStmt : Stmt {
  AssignStmt() : Stmt(SK::Assign) {}
  std::vector<Expr*> targets;
  Expr* value = nullptr;
};

struct AugAssignStmt : Stmt {
  AugAssignStmt() : Stmt(SK::AugAssign) {}
  Expr* target = nullptr;
  BinOpKind op;
  Expr* value = nullptr;
};

struct AnnAssignStmt : Stmt {
  AnnAssignStmt() : Stmt(SK::AnnAssign) {}
  Expr* target = nullptr;
  Expr* annotation = nullptr;
  Expr* value = nullptr;  // may be null
};

struct IfStmt : Stmt {
  IfStmt() : Stmt(SK::If) {}
  Expr* test = nullptr;
  Block body, orelse;
};

struct WhileStmt : Stmt {
  WhileStmt() : Stmt(SK::While) {}
  Expr* test = nullptr;
  Block body, orelse;
};

struct ForStmt : Stmt {
  ForStmt() : Stmt(SK::For) {}
  Expr* target = nullptr;
  Expr* iter = nullptr;
  Block body, orelse;
  bool is_async = false;
};

struct ReturnStmt : Stmt {
  ReturnStmt() : Stmt(SK::Return) {}
  Expr* value = nullptr;
};

struct FunctionDefStmt : Stmt {
  FunctionDefStmt() : Stmt(SK::FunctionDef) {}
  Ref<Str> name;
  Parameters params;
  Expr* returns = nullptr;  // the `-> annotation`
  Block body;
  std::vector<Expr*> decorators;
  bool is_async = false;
  Code* code = nullptr;
  NameExpr* target = nullptr;  // where the function is stored
};

struct ClassDefStmt : Stmt {
  ClassDefStmt() : Stmt(SK::ClassDef) {}
  Ref<Str> name;
  std::vector<Expr*> bases;
  std::vector<Keyword> keywords;
  Block body;
  std::vector<Expr*> decorators;
  Code* code = nullptr;  // class body
  NameExpr* target = nullptr;
};

struct ExceptHandler {
  Expr* type = nullptr;  // null: bare except
  Ref<Str> name;
  NameExpr* target = nullptr;
  Block body;
  int line = 0;
};

struct TryStmt : Stmt {
  TryStmt() : Stmt(SK::Try) {}
  Block body;
  std::vector<ExceptHandler> handlers;
  Block orelse, finalbody;
  bool is_star = false;
};

struct RaiseStmt : Stmt {
  RaiseStmt() : Stmt(SK::Raise) {}
  Expr* exc = nullptr;
  Expr* cause = nullptr;
};

struct WithItem {
  Expr* context = nullptr;
  Expr* target = nullptr;
};

struct WithStmt : Stmt {
  WithStmt() : Stmt(SK::With) {}
  std::vector<WithItem> items;
  Block body;
  bool is_async = false;
};

struct NamesStmt : Stmt {  // global / nonlocal
  explicit NamesStmt(SK k) : Stmt(k) {}
  std::vector<Ref<Str>> names;
};

struct ImportAlias {
  std::string dotted;  // module path or imported name
  Ref<Str> asname;     // may be null
  NameExpr* target = nullptr;
};

struct ImportStmt : Stmt {
  explicit ImportStmt(SK k) : Stmt(k) {}
  std::string module;  // for ImportFrom
  std::vector<ImportAlias> names;
  bool star = false;
};

struct AssertStmt : Stmt {
  AssertStmt() : Stmt(SK::Assert) {}
  Expr* test = nullptr;
  Expr* msg = nullptr;
};

struct DeleteStmt : Stmt {
  DeleteStmt() : Stmt(SK::Delete) {}
  std::vector<Expr*> targets;
};

struct CompAppendStmt : Stmt {  // result.append(elt) / result[key] = value
  CompAppendStmt() : Stmt(SK::CompAppend) {}
  CompKind comp;
  Expr* elt = nullptr;
  Expr* value = nullptr;
};

// A compiled scope: function, lambda, comprehension, class body or module.
struct Code {
  enum Type : uint8_t { Module, Function, Class, Lambda, Comprehension };
  Type type = Function;
  Ref<Str> name;
  std::string qualname;
  std::string filename;
  int first_line = 0;
  const Parameters* params = nullptr;
  int nparams_pos = 0, nparams_kwonly = 0;
  int nparams_posonly = 0;          // the first of the positional ones, before `/`
  int vararg_slot = -1, kwarg_slot = -1;
  int nlocals = 0;                  // fast slots (parameters first), then free variables
  std::vector<Ref<Str>> slot_names; // names of all slots
  std::vector<bool> slot_is_cell;   // slot holds a Cell (captured or free)
  bool has_cells = false;           // any of them: a call has cells to bind (bind_cells)
  std::vector<int> freevar_slots;   // slots that receive the closure cells, in order
  std::vector<Ref<Str>> freevar_names;
  bool is_generator = false, is_async = false, uses_super = false;
  const Block* body = nullptr;
  // The body is this one expression: a lambda's, or a def's whose body is `return expr` alone
  // (run_frame evaluates it without going through exec_block and exec: small functions are
  // common, and each C++ call level costs more under WebAssembly + Asyncify).
  const Expr* return_expr = nullptr;
  // Part of a library module that stands in for C code of CPython's (its __c_implemented__):
  // no traceback entry of its own, as a C function has none.
  bool hidden_from_tracebacks = false;
  CompKind comp_kind = CompKind::List;
  const Stmt* comp_body = nullptr;
};

// A SyntaxWarning CPython's compiler gives (`x is 5`, `(1, 2) (3, 4)`): printed before the
// program runs.
struct CompileWarning {
  int line = 0, col = 0;
  std::string message;
};

struct Program {
  std::vector<CompileWarning> warnings;  // in source order
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<std::unique_ptr<Code>> codes;
  std::vector<std::unique_ptr<Block>> blocks;
  Block body;
  Code* module_code = nullptr;
  std::string filename;
  std::vector<std::string> lines;
  template <class T, class... A>
  T* make(A&&... a) {
    auto* p = new T(std::forward<A>(a)...);
    nodes.emplace_back(p);
    return p;
  }
};

}  // namespace loopscope::script
