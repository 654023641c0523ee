#include "parser.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <unordered_map>

#include "lexer.hpp"

namespace loopscope::script {
namespace {

const std::set<std::string> kKeywords = {
    "False", "None",   "True",    "and",      "as",     "assert", "async", "await",
    "break", "class",  "continue", "def",     "del",    "elif",   "else",  "except",
    "finally", "for",  "from",    "global",   "if",     "import", "in",    "is",
    "lambda", "nonlocal", "not",  "or",       "pass",   "raise",  "return", "try",
    "while", "with",   "yield"};

class Parser {
 public:
  Parser(std::vector<Token> toks, Program& prog, const ParserContext& ctx)
      : t_(std::move(toks)), prog_(prog), ctx_(ctx) {}

  void parse_file() {
    while (!at(Tok::End)) {
      if (at(Tok::Newline)) {
        ++p_;
        continue;
      }
      parse_statement(prog_.body);
    }
  }

  // Parses an expression list inside an f-string replacement field.
  Expr* parse_standalone_expression() {
    Expr* e = parse_star_expressions();
    while (at(Tok::Newline)) ++p_;
    if (!at(Tok::End)) error_at_token("f-string: invalid syntax");
    return e;
  }

 private:
  // ------------------------------------------------------------ helpers
  const Token& cur() const { return t_[p_]; }
  const Token& prev() const { return t_[p_ - 1]; }
  // An error CPython reports at a token that has no column (INDENT, DEDENT, ENDMARKER): the
  // line is printed without a caret.
  [[noreturn]] void error_without_caret(const std::string& message, int line, const char* kind = "SyntaxError") {
    CompileError e;
    e.kind = kind;
    e.message = message;
    e.line = e.end_line = line;
    e.show_caret = false;
    throw e;
  }
  // An error at the end of the file: on the file's last line.
  [[noreturn]] void error_at_eof(const std::string& message, const char* kind = "SyntaxError") {
    error_without_caret(message, t_.back().line, kind);
  }
  // Only the dedents that close the file's blocks are left.
  bool at_eof() const {
    for (size_t q = p_; q < t_.size(); ++q)
      if (t_[q].type != Tok::Dedent) return t_[q].type == Tok::End && t_[q].text.empty();
    return false;
  }
  bool at(Tok k) const { return t_[p_].type == k; }
  bool at_op(const char* s) const { return t_[p_].type == Tok::Op && t_[p_].text == s; }
  bool at_kw(const char* s) const { return t_[p_].type == Tok::Name && t_[p_].text == s; }
  bool at_op_at(size_t k, const char* s) const {
    return p_ + k < t_.size() && t_[p_ + k].type == Tok::Op && t_[p_ + k].text == s;
  }
  bool accept_op(const char* s) {
    if (at_op(s)) {
      ++p_;
      return true;
    }
    return false;
  }
  bool accept_kw(const char* s) {
    if (at_kw(s)) {
      ++p_;
      return true;
    }
    return false;
  }

  [[noreturn]] void error(const std::string& msg, int line, int col, int end_line, int end_col,
                          const char* kind = "SyntaxError") {
    CompileError e;
    e.kind = kind;
    e.message = msg;
    e.line = line;
    e.col = col;
    e.end_line = end_line;
    e.end_col = end_col;
    throw e;
  }
  [[noreturn]] void error_at_token(const std::string& msg = "invalid syntax") {
    const Token& k = cur();
    if (k.type == Tok::End && !k.text.empty()) error(k.text, k.line, k.col, k.end_line, k.end_col);
    if (k.type == Tok::Indent)
      error("unexpected indent", k.line, k.col, k.line, k.col, "IndentationError");
    if (k.type == Tok::Dedent || k.type == Tok::End) {
      // points just past the previous token
      const Token& pv = prev();
      error(msg, pv.end_line, pv.end_col, pv.end_line, pv.end_col + 1);
    }
    error(msg, k.line, k.col, k.end_line, k.end_col);
  }
  [[noreturn]] void error_node(const std::string& msg, const Node* n) {
    error(msg, n->line, n->col, n->end_line, n->end_col);
  }
  void expect_op(const char* s) {
    if (!accept_op(s)) error_at_token();
  }
  void expect_colon() {
    if (!accept_op(":")) {
      const Token& pv = prev();
      error("expected ':'", pv.end_line, pv.end_col, pv.end_line, pv.end_col + 1);
    }
  }
  Ref<Str> expect_name() {
    if (!at(Tok::Name) || kKeywords.count(cur().text)) error_at_token();
    return ctx_.intern(t_[p_++].text);
  }
  bool at_name() const { return at(Tok::Name) && !kKeywords.count(cur().text); }

  template <class T>
  T* node_from(const Token& k) {
    T* n = prog_.make<T>();
    n->line = k.line;
    n->col = k.col;
    return n;
  }
  // A node that starts with the node `k` (an operator's left operand, a call's callee...):
  // where `k` was written in parentheses, it starts at the opening one, as in CPython, so
  // `(await f())["key"]` is underlined from its '(' in a traceback.
  template <class T>
  T* node_from(const Node* k) {
    T* n = prog_.make<T>();
    std::tie(n->line, n->col) = start_of(k);
    return n;
  }
  std::pair<int, int> start_of(const Node* k) const {
    auto it = paren_start_.find(k);
    return it != paren_start_.end() ? it->second : std::make_pair(k->line, k->col);
  }
  template <class T>
  T* finish(T* n) {
    const Token& pv = prev();
    n->end_line = pv.end_line;
    n->end_col = pv.end_col;
    return n;
  }

  // ---------------------------------------------------------- statements
  void parse_statement(Block& out) {
    if (at(Tok::Indent)) error_without_caret("unexpected indent", cur().line, "IndentationError");
    if (at(Tok::Name)) {
      const std::string& w = cur().text;
      if (w == "if") return out.push_back(parse_if());
      if (w == "while") return out.push_back(parse_while());
      if (w == "for") return out.push_back(parse_for(false, cur()));
      if (w == "try") return out.push_back(parse_try());
      if (w == "with") return out.push_back(parse_with(false, cur()));
      if (w == "def") return out.push_back(parse_def({}, false, cur()));
      if (w == "class") return out.push_back(parse_class({}));
      if (w == "match" && match_statement_ahead())
        error("the match statement is not supported by Loopscope yet: use if/elif", cur().line, cur().col,
              cur().end_line, cur().end_col);
      if (w == "async") {
        const Token& a = cur();
        ++p_;
        if (at_kw("def")) return out.push_back(parse_def({}, true, a));
        if (at_kw("for")) return out.push_back(parse_for(true, a));
        if (at_kw("with")) return out.push_back(parse_with(true, a));
        error_at_token();
      }
    }
    if (at_op("@")) return out.push_back(parse_decorated());
    parse_simple_statements(out);
  }

  // `match` is a soft keyword: `match = 1` and `match(x)` are ordinary statements, while a
  // logical line that begins with it and ends with a colon is a match statement.
  bool match_statement_ahead() const {
    if (at_op_at(1, "=") || at_op_at(1, ":")) return false;
    size_t k = p_ + 1;
    while (k < t_.size() && t_[k].type != Tok::Newline && t_[k].type != Tok::End) ++k;
    return k < t_.size() && k > p_ + 1 && t_[k - 1].type == Tok::Op && t_[k - 1].text == ":";
  }

  void parse_simple_statements(Block& out) {
    while (true) {
      out.push_back(parse_simple());
      if (accept_op(";")) {
        if (at(Tok::Newline)) break;
        continue;
      }
      break;
    }
    if (!at(Tok::Newline)) error_at_token();
    ++p_;
  }

  void parse_block(Block& out, const std::string& what, int header_line) {
    expect_colon();
    if (at(Tok::Newline)) {
      ++p_;
      if (!at(Tok::Indent)) {
        std::string message = "expected an indented block after " + what + " on line " + std::to_string(header_line);
        if (at_eof()) error_at_eof(message, "IndentationError");
        const Token& k = cur();
        if (k.type == Tok::Dedent) error_without_caret(message, k.line, "IndentationError");
        error(message, k.line, k.col, k.line, k.col + 1, "IndentationError");
      }
      ++p_;
      while (!at(Tok::Dedent) && !at(Tok::End)) {
        if (at(Tok::Newline)) {
          ++p_;
          continue;
        }
        parse_statement(out);
      }
      if (at(Tok::Dedent)) ++p_;
    } else {
      parse_simple_statements(out);
    }
  }

  Stmt* parse_if() {
    const Token& k = cur();
    ++p_;
    auto* s = node_from<IfStmt>(k);
    s->test = parse_condition();
    parse_block(s->body, "'" + k.text + "' statement", k.line);
    s->end_line = prev().end_line;
    if (at_kw("elif")) {
      s->orelse.push_back(parse_if());
    } else if (at_kw("else")) {
      const Token& e = cur();
      ++p_;
      parse_block(s->orelse, "'else' statement", e.line);
    }
    return s;
  }

  Stmt* parse_while() {
    const Token& k = cur();
    ++p_;
    auto* s = node_from<WhileStmt>(k);
    s->test = parse_condition();
    s->end_line = s->line;
    parse_block(s->body, "'while' statement", k.line);
    if (at_kw("else")) {
      const Token& e = cur();
      ++p_;
      parse_block(s->orelse, "'else' statement", e.line);
    }
    return s;
  }

  Stmt* parse_for(bool is_async, const Token& start) {
    const Token& k = cur();
    ++p_;
    auto* s = node_from<ForStmt>(start);
    s->is_async = is_async;
    s->target = parse_target_list();
    if (!accept_kw("in")) error_at_token();
    s->iter = parse_star_expressions();
    parse_block(s->body, "'for' statement", k.line);
    if (at_kw("else")) {
      const Token& e = cur();
      ++p_;
      parse_block(s->orelse, "'else' statement", e.line);
    }
    finish(s);  // the whole statement, as CPython's (an error getting the next item points here)
    return s;
  }

  Stmt* parse_try() {
    const Token& k = cur();
    ++p_;
    auto* s = node_from<TryStmt>(k);
    parse_block(s->body, "'try' statement", k.line);
    while (at_kw("except")) {
      const Token& e = cur();
      ++p_;
      ExceptHandler h;
      h.line = e.line;
      bool star = accept_op("*");
      if (!s->handlers.empty() && star != s->is_star)
        error("cannot have both 'except' and 'except*' on the same 'try'", e.line, e.col, e.end_line, e.end_col);
      s->is_star = star;
      if (star && at_op(":"))
        error("expected one or more exception types", cur().line, cur().col, cur().end_line, cur().end_col);
      if (!at_op(":")) {
        h.type = parse_expression();
        if (at_op(",")) {
          // except A, B:  -> CPython: "multiple exception types must be parenthesized"
          error("multiple exception types must be parenthesized", h.type->line, h.type->col,
                cur().end_line, cur().end_col);
        }
        if (accept_kw("as")) {
          h.name = expect_name();
          auto* n = node_from<NameExpr>(prev());
          n->id = h.name;
          finish(n);
          h.target = n;
        }
      }
      parse_block(h.body, s->is_star ? "'except*' statement" : "'except' statement", e.line);
      s->handlers.push_back(std::move(h));
    }
    if (at_kw("else")) {
      if (s->handlers.empty()) error_at_token();
      const Token& e = cur();
      ++p_;
      parse_block(s->orelse, "'else' statement", e.line);
    }
    if (at_kw("finally")) {
      const Token& e = cur();
      ++p_;
      parse_block(s->finalbody, "'finally' statement", e.line);
    }
    if (s->handlers.empty() && s->finalbody.empty()) {
      if (at_eof()) error_at_eof("expected 'except' or 'finally' block");
      const Token& c = cur();
      error("expected 'except' or 'finally' block", c.line, c.col, c.end_line, c.end_col);
    }
    s->end_line = s->line;
    s->end_col = s->col + 3;
    return s;
  }

  Stmt* parse_with(bool is_async, const Token& start) {
    const Token& k = cur();
    ++p_;
    auto* s = node_from<WithStmt>(start);
    s->is_async = is_async;
    bool paren = false;
    // with (a as b, c as d):
    if (at_op("(")) {
      size_t save = p_;
      int depth = 0;
      size_t q = p_;
      for (; q < t_.size(); ++q) {
        if (t_[q].type == Tok::Op && (t_[q].text == "(" || t_[q].text == "[" || t_[q].text == "{")) ++depth;
        if (t_[q].type == Tok::Op && (t_[q].text == ")" || t_[q].text == "]" || t_[q].text == "}")) {
          if (--depth == 0) break;
        }
      }
      if (q + 1 < t_.size() && t_[q + 1].type == Tok::Op && t_[q + 1].text == ":") {
        // could be a parenthesized item list; accept if it contains 'as' at depth 1
        bool has_as = false;
        int d = 0;
        for (size_t i = save; i < q; ++i) {
          if (t_[i].type == Tok::Op && (t_[i].text == "(" || t_[i].text == "[" || t_[i].text == "{")) ++d;
          if (t_[i].type == Tok::Op && (t_[i].text == ")" || t_[i].text == "]" || t_[i].text == "}")) --d;
          if (d == 1 && t_[i].type == Tok::Name && t_[i].text == "as") has_as = true;
        }
        if (has_as) {
          paren = true;
          ++p_;
        }
      }
    }
    while (true) {
      WithItem it;
      it.context = parse_expression();
      if (accept_kw("as")) it.target = parse_target();
      s->items.push_back(it);
      if (!accept_op(",")) break;
      if (paren && at_op(")")) break;
    }
    if (paren) expect_op(")");
    parse_block(s->body, "'with' statement", k.line);
    // The statement spans its body, as in CPython's AST: an error raised by __exit__ is reported
    // at the `with` line without carets.
    finish(s);
    return s;
  }

  Stmt* parse_decorated() {
    std::vector<Expr*> decos;
    while (accept_op("@")) {
      decos.push_back(parse_named_expression());
      if (!at(Tok::Newline)) error_at_token();
      ++p_;
    }
    if (at_kw("def")) return parse_def(decos, false, cur());
    if (at_kw("async")) {
      const Token& a = cur();
      ++p_;
      if (!at_kw("def")) error_at_token();
      return parse_def(decos, true, a);
    }
    if (at_kw("class")) return parse_class(decos);
    error_at_token();
  }

  void parse_params(Parameters& ps, const char* close, bool annotations) {
    bool seen_star = false, seen_default = false;
    std::set<std::string> names;
    auto check_dup = [&](const Param& p) {
      if (!names.insert(p.name->s).second)
        error("duplicate argument '" + p.name->s + "' in function definition", p.line, p.col,
              p.line, p.col + int(p.name->s.size()));
    };
    while (!at_op(close)) {
      if (accept_op("/")) {
        ps.nposonly = ps.positional.size();
        if (!accept_op(",")) break;
        continue;
      }
      if (accept_op("**")) {
        ps.has_kwarg = true;
        ps.kwarg.line = cur().line;
        ps.kwarg.col = cur().col;
        ps.kwarg.name = expect_name();
        check_dup(ps.kwarg);
        if (annotations && accept_op(":")) ps.kwarg.annotation = parse_expression();
        accept_op(",");
        break;
      }
      if (accept_op("*")) {
        seen_star = true;
        if (at_op(",")) {
          ++p_;
          continue;
        }
        ps.has_vararg = true;
        ps.vararg.line = cur().line;
        ps.vararg.col = cur().col;
        ps.vararg.name = expect_name();
        check_dup(ps.vararg);
        if (annotations && accept_op(":")) ps.vararg.annotation = parse_expression();
        if (!accept_op(",")) break;
        continue;
      }
      Param p;
      p.line = cur().line;
      p.col = cur().col;
      p.name = expect_name();
      check_dup(p);
      if (annotations && accept_op(":")) p.annotation = parse_expression();
      if (accept_op("=")) {
        p.default_value = parse_expression();
        if (!seen_star) seen_default = true;
      } else if (seen_default && !seen_star) {
        error("non-default argument follows default argument", p.line, p.col, p.line,
              p.col + int(p.name->s.size()));
      }
      (seen_star ? ps.kwonly : ps.positional).push_back(p);
      if (!accept_op(",")) break;
    }
  }

  Stmt* parse_def(std::vector<Expr*> decos, bool is_async, const Token& start) {
    const Token& k = cur();
    ++p_;
    auto* s = node_from<FunctionDefStmt>(start);
    s->is_async = is_async;
    s->decorators = std::move(decos);
    const Token& nt = cur();
    s->name = expect_name();
    auto* target = node_from<NameExpr>(nt);
    target->id = s->name;
    finish(target);
    s->target = target;
    expect_op("(");
    parse_params(s->params, ")", true);
    expect_op(")");
    if (accept_op("->")) s->returns = parse_expression();
    finish(s);
    parse_block(s->body, "function definition", k.line);
    return s;
  }

  Stmt* parse_class(std::vector<Expr*> decos) {
    const Token& k = cur();
    ++p_;
    auto* s = node_from<ClassDefStmt>(k);
    s->decorators = std::move(decos);
    const Token& nt = cur();
    s->name = expect_name();
    auto* target = node_from<NameExpr>(nt);
    target->id = s->name;
    finish(target);
    s->target = target;
    if (accept_op("(")) {
      while (!at_op(")")) {
        if (at_name() && at_op_at(1, "=")) {
          Keyword kw;
          kw.name = expect_name();
          ++p_;
          kw.value = parse_expression();
          s->keywords.push_back(kw);
        } else {
          s->bases.push_back(parse_expression());
        }
        if (!accept_op(",")) break;
      }
      expect_op(")");
    }
    finish(s);
    parse_block(s->body, "class definition", k.line);
    return s;
  }

  Stmt* parse_simple() {
    const Token& k = cur();
    if (at(Tok::Name)) {
      const std::string& w = k.text;
      if (w == "pass") {
        ++p_;
        return finish(node_from<Stmt>(k, SK::Pass));
      }
      if (w == "break") {
        ++p_;
        return finish(node_from<Stmt>(k, SK::Break));
      }
      if (w == "continue") {
        ++p_;
        return finish(node_from<Stmt>(k, SK::Continue));
      }
      if (w == "return") {
        ++p_;
        auto* s = node_from<ReturnStmt>(k);
        if (!at(Tok::Newline) && !at_op(";")) s->value = parse_star_expressions();
        return finish(s);
      }
      if (w == "raise") {
        ++p_;
        auto* s = node_from<RaiseStmt>(k);
        if (!at(Tok::Newline) && !at_op(";")) {
          s->exc = parse_expression();
          if (accept_kw("from")) s->cause = parse_expression();
        }
        return finish(s);
      }
      if (w == "global" || w == "nonlocal") {
        ++p_;
        auto* s = prog_.make<NamesStmt>(w == "global" ? SK::Global : SK::Nonlocal);
        s->line = k.line;
        s->col = k.col;
        do s->names.push_back(expect_name());
        while (accept_op(","));
        return finish(s);
      }
      if (w == "del") {
        ++p_;
        auto* s = node_from<DeleteStmt>(k);
        do {
          Expr* e = parse_bitwise_or();
          check_target(e, true);
          s->targets.push_back(e);
        } while (accept_op(",") && !at(Tok::Newline));
        return finish(s);
      }
      if (w == "assert") {
        ++p_;
        auto* s = node_from<AssertStmt>(k);
        s->test = parse_expression();
        if (accept_op(",")) s->msg = parse_expression();
        return finish(s);
      }
      if (w == "import") {
        ++p_;
        auto* s = prog_.make<ImportStmt>(SK::Import);
        s->line = k.line;
        s->col = k.col;
        do {
          ImportAlias a;
          const Token& nt = cur();
          a.dotted = expect_name()->s;
          while (accept_op(".")) a.dotted += "." + expect_name()->s;
          std::string bind = a.dotted.substr(0, a.dotted.find('.'));
          if (accept_kw("as")) {
            a.asname = expect_name();
            bind = a.asname->s;
          }
          auto* n = node_from<NameExpr>(nt);
          n->id = ctx_.intern(bind);
          finish(n);
          a.target = n;
          s->names.push_back(a);
        } while (accept_op(","));
        return finish(s);
      }
      if (w == "from") {
        ++p_;
        auto* s = prog_.make<ImportStmt>(SK::ImportFrom);
        s->line = k.line;
        s->col = k.col;
        while (at_op(".") || at_op("...")) {
          s->module += cur().text;
          ++p_;
        }
        if (!at_kw("import")) {
          s->module += expect_name()->s;
          while (accept_op(".")) s->module += "." + expect_name()->s;
        }
        if (!accept_kw("import")) error_at_token();
        if (accept_op("*")) {
          s->star = true;
          return finish(s);
        }
        bool paren = accept_op("(");
        do {
          if (paren && at_op(")")) break;
          ImportAlias a;
          const Token& nt = cur();
          a.dotted = expect_name()->s;
          std::string bind = a.dotted;
          if (accept_kw("as")) {
            a.asname = expect_name();
            bind = a.asname->s;
          }
          auto* n = node_from<NameExpr>(nt);
          n->id = ctx_.intern(bind);
          finish(n);
          a.target = n;
          s->names.push_back(a);
        } while (accept_op(","));
        if (paren) expect_op(")");
        return finish(s);
      }
      if (w == "print" && p_ + 1 < t_.size() &&
          (t_[p_ + 1].type == Tok::String || t_[p_ + 1].type == Tok::Number ||
           (t_[p_ + 1].type == Tok::Name && !kKeywords.count(t_[p_ + 1].text)))) {
        size_t q = p_;
        while (t_[q].type != Tok::Newline && t_[q].type != Tok::End) ++q;
        const Token& last = t_[q - 1];
        error("Missing parentheses in call to 'print'. Did you mean print(...)?", k.line, k.col,
              last.end_line, last.end_col);
      }
    }
    // expression statement or assignment
    Expr* first = at_kw("yield") ? parse_yield() : parse_star_expressions();
    if (at_op("=")) {
      auto* s = node_from<AssignStmt>(first);
      std::vector<Expr*> chain{first};
      while (accept_op("=")) chain.push_back(at_kw("yield") ? parse_yield() : parse_star_expressions());
      if (chain.size() == 2 && !valid_target(chain[0], false)) {
        // With a single '=', CPython's second pass meets the expression just before it (the
        // last item of an unparenthesised tuple) as `a = value` first.
        const Expr* last = chain[0];
        if (last->kind == EK::Tuple) {
          const auto& elts = static_cast<const SeqExpr*>(last)->elts;
          bool parenthesised = elts.empty() || start_of(elts.front()) != std::make_pair(last->line, last->col);
          if (!parenthesised) last = elts.back();
        }
        assignment_where_expression_expected(last, chain[1]);
      }
      for (size_t i = 0; i + 1 < chain.size(); ++i) {
        check_target(chain[i], false);
        s->targets.push_back(chain[i]);
      }
      s->value = chain.back();
      return finish(s);
    }
    if (at(Tok::Op) && cur().text.size() >= 2 && cur().text.back() == '=' && cur().text != "==" &&
        cur().text != "<=" && cur().text != ">=" && cur().text != "!=") {
      static const std::pair<const char*, BinOpKind> aug[] = {
          {"+=", BinOpKind::Add},     {"-=", BinOpKind::Sub},      {"*=", BinOpKind::Mul},
          {"/=", BinOpKind::Div},     {"//=", BinOpKind::FloorDiv}, {"%=", BinOpKind::Mod},
          {"**=", BinOpKind::Pow},    {"<<=", BinOpKind::LShift},  {">>=", BinOpKind::RShift},
          {"|=", BinOpKind::BitOr},   {"^=", BinOpKind::BitXor},   {"&=", BinOpKind::BitAnd},
          {"@=", BinOpKind::MatMul}};
      for (auto& [txt, op] : aug) {
        if (cur().text == txt) {
          if (first->kind != EK::Name && first->kind != EK::Attribute &&
              first->kind != EK::Subscript)
            error("'" + describe(first) + "' is an illegal expression for augmented assignment",
                  first->line, first->col, first->end_line, first->end_col);
          ++p_;
          auto* s = node_from<AugAssignStmt>(first);
          s->target = first;
          s->op = op;
          s->value = at_kw("yield") ? parse_yield() : parse_star_expressions();
          return finish(s);
        }
      }
    }
    if (at_op(":") && (first->kind == EK::Name || first->kind == EK::Attribute ||
                       first->kind == EK::Subscript)) {
      ++p_;
      auto* s = node_from<AnnAssignStmt>(first);
      s->target = first;
      s->annotation = parse_expression();
      if (accept_op("=")) s->value = at_kw("yield") ? parse_yield() : parse_star_expressions();
      return finish(s);
    }
    auto* s = node_from<ExprStmt>(first);
    s->value = first;
    if (!at(Tok::Newline) && !at_op(";")) {
      // "x = 5 5" style errors point at the unexpected token
      error_at_token();
    }
    return finish(s);
  }

  template <class T>
  T* node_from(const Token& k, SK kind) {
    T* n = prog_.make<T>(kind);
    n->line = k.line;
    n->col = k.col;
    return n;
  }

  static std::string describe(const Expr* e) {
    switch (e->kind) {
      case EK::Constant: {
        const Value& v = static_cast<const ConstantExpr*>(e)->value;
        if (v.is_none() || v.is_bool()) return v.is_none() ? "None" : v.as_bool() ? "True" : "False";
        if (v.is(Kind::Ellipsis)) return "ellipsis";
        return "literal";
      }
      case EK::Call: return "function call";
      case EK::BinOp: case EK::UnaryOp: return "expression";
      case EK::BoolOp: return "expression";
      case EK::Compare: return "comparison";
      case EK::IfExp: return "conditional expression";
      case EK::Lambda: return "lambda";
      case EK::Dict: return "dict literal";
      case EK::Set: return "set display";
      case EK::Comprehension: {
        auto k = static_cast<const ComprehensionExpr*>(e)->comp;
        return k == CompKind::List ? "list comprehension" : k == CompKind::Set ? "set comprehension"
               : k == CompKind::Dict ? "dict comprehension" : "generator expression";
      }
      case EK::Await: return "await expression";
      case EK::Yield: case EK::YieldFrom: return "yield expression";
      case EK::FString: return "f-string expression";
      case EK::NamedExpr: return "named expression";
      case EK::Tuple: return "tuple";
      case EK::List: return "list";
      case EK::Name: return "name";
      case EK::Attribute: return "attribute";
      case EK::Subscript: return "subscript";
      case EK::Starred: return "starred";
      default: return "expression";
    }
  }

  bool valid_target(Expr* e, bool del) {
    try {
      check_target(e, del);
      return true;
    } catch (const CompileError&) {
      return false;
    }
  }

  void check_target(Expr* e, bool del) {
    switch (e->kind) {
      case EK::Name: case EK::Attribute: case EK::Subscript: return;
      case EK::Tuple: case EK::List:
        for (Expr* x : static_cast<SeqExpr*>(e)->elts) check_target(x, del);
        return;
      case EK::Starred:
        if (!del) {
          check_target(static_cast<StarredExpr*>(e)->value, del);
          return;
        }
        break;
      default: break;
    }
    std::string what = describe(e);
    if (del) error_node("cannot delete " + what, e);
    error_node("cannot assign to " + what, e);
  }

  // target_list for 'for' loops: stops before 'in'
  Expr* parse_target_list() {
    Expr* first = parse_target();
    if (!at_op(",")) return first;
    auto* t = node_from<SeqExpr>(first, EK::Tuple);
    t->elts.push_back(first);
    while (accept_op(",")) {
      if (at_kw("in") || at_op("=")) break;
      t->elts.push_back(parse_target());
    }
    return finish(t);
  }
  Expr* parse_target() {
    Expr* e;
    if (at_op("*")) {
      const Token& k = cur();
      ++p_;
      auto* s = node_from<StarredExpr>(k);
      s->value = parse_bitwise_or();
      e = finish(s);
    } else {
      e = parse_bitwise_or();
    }
    check_target(e, false);
    return e;
  }
  template <class T>
  T* node_from(const Node* k, EK kind) {
    T* n = prog_.make<T>(kind);
    std::tie(n->line, n->col) = start_of(k);
    return n;
  }
  template <class T>
  T* node_from(const Token& k, EK kind) {
    T* n = prog_.make<T>(kind);
    n->line = k.line;
    n->col = k.col;
    return n;
  }

  // --------------------------------------------------------- expressions
  Expr* parse_star_expressions() {
    Expr* first = parse_star_expression();
    if (!at_op(",")) return first;
    auto* t = node_from<SeqExpr>(first, EK::Tuple);
    t->elts.push_back(first);
    while (accept_op(",")) {
      if (!starts_expression()) break;
      t->elts.push_back(parse_star_expression());
    }
    for (Expr* x : t->elts)
      if (x->kind == EK::Starred) t->has_star = true;
    return finish(t);
  }

  bool starts_expression() const {
    const Token& k = cur();
    if (k.type == Tok::Name) {
      static const std::set<std::string> ok = {"None", "True", "False", "not", "lambda", "await", "yield"};
      return !kKeywords.count(k.text) || ok.count(k.text);
    }
    if (k.type == Tok::Number || k.type == Tok::String) return true;
    if (k.type == Tok::Op) {
      static const std::set<std::string> ok = {"(", "[", "{", "-", "+", "~", "*", "...", "**"};
      return ok.count(k.text) > 0;
    }
    return false;
  }

  Expr* parse_star_expression() {
    if (at_op("*")) {
      const Token& k = cur();
      ++p_;
      auto* s = node_from<StarredExpr>(k);
      s->value = parse_bitwise_or();
      return finish(s);
    }
    return parse_named_expression();
  }

  // An if/elif/while condition. `if x = 1:` gets CPython's hint instead of "expected ':'".
  Expr* parse_condition() {
    Expr* e = parse_named_expression();
    reject_assignment_after(e);
    // CPython says "expected ':'" only when the line ends after the condition.
    if (!at_op(":") && !at(Tok::Newline)) error_at_token();
    return e;
  }

  // At an '=' after the expression `e` where only an expression may stand (a condition, a
  // parenthesised expression): CPython's hint, if its rule applies.
  void reject_assignment_after(const Expr* e) {
    if (!at_op("=")) return;
    size_t save = p_;
    ++p_;
    Expr* value = starts_expression() ? parse_bitwise_or() : nullptr;
    if (value && !at_op("=") && !at_op(":=")) assignment_where_expression_expected(e, value);
    p_ = save;
  }

  // CPython 3.11's invalid_named_expression: `a = value` (and no further '=') where an
  // expression was expected, as in `if x = 1:`, or an assignment statement whose target is not
  // one (`f() = 1`). Returns if its rule does not apply to `a`.
  void assignment_where_expression_expected(const Expr* a, const Expr* value) {
    if (a->kind == EK::Name)
      error("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", a->line, a->col, value->end_line,
            value->end_col);
    switch (a->kind) {
      // not a bitwise_or in CPython's grammar, or excluded by the rule
      case EK::Compare: case EK::BoolOp: case EK::IfExp: case EK::Lambda: case EK::NamedExpr:
      case EK::Yield: case EK::YieldFrom: case EK::Starred: case EK::List: case EK::Tuple:
        return;
      case EK::Comprehension:
        if (static_cast<const ComprehensionExpr*>(a)->comp == CompKind::Generator) return;
        break;
      case EK::Constant: {
        const Value& v = static_cast<const ConstantExpr*>(a)->value;
        if (v.is_none() || v.is_bool()) return;
        break;
      }
      default: break;
    }
    error_node("cannot assign to " + describe(a) + " here. Maybe you meant '==' instead of '='?", a);
  }

  Expr* parse_named_expression() {
    if (at_name() && at_op_at(1, ":=")) {
      const Token& k = cur();
      auto* n = node_from<NamedExprExpr>(k);
      auto* target = node_from<NameExpr>(k);
      target->id = expect_name();
      finish(target);
      ++p_;
      n->target = target;
      n->value = parse_expression();
      return finish(n);
    }
    return parse_expression();
  }

  Expr* parse_expression() {
    if (at_kw("lambda")) return parse_lambda();
    Expr* e = parse_disjunction();
    if (at_kw("if")) {
      ++p_;
      auto* n = node_from<IfExpExpr>(e);
      n->body = e;
      n->test = parse_disjunction();
      if (!accept_kw("else")) {
        const Token& k = cur();
        error("expected 'else' after 'if' expression", n->line, n->col, k.line, k.col);
      }
      n->orelse = parse_expression();
      return finish(n);
    }
    return e;
  }

  Expr* parse_lambda() {
    const Token& k = cur();
    ++p_;
    auto* n = node_from<LambdaExpr>(k);
    parse_params(n->params, ":", false);
    expect_op(":");
    n->body = parse_expression();
    return finish(n);
  }

  Expr* parse_disjunction() {
    Expr* e = parse_conjunction();
    if (!at_kw("or")) return e;
    auto* n = node_from<BoolOpExpr>(e);
    n->is_and = false;
    n->values.push_back(e);
    while (accept_kw("or")) n->values.push_back(parse_conjunction());
    return finish(n);
  }
  Expr* parse_conjunction() {
    Expr* e = parse_inversion();
    if (!at_kw("and")) return e;
    auto* n = node_from<BoolOpExpr>(e);
    n->is_and = true;
    n->values.push_back(e);
    while (accept_kw("and")) n->values.push_back(parse_inversion());
    return finish(n);
  }
  Expr* parse_inversion() {
    if (at_kw("not")) {
      const Token& k = cur();
      ++p_;
      auto* n = node_from<UnaryOpExpr>(k);
      n->op = UnaryKind::Not;
      n->operand = parse_inversion();
      return finish(n);
    }
    return parse_comparison();
  }
  Expr* parse_comparison() {
    Expr* e = parse_bitwise_or();
    CompareExpr* n = nullptr;
    while (true) {
      CmpKind op;
      if (at_op("<")) op = CmpKind::Lt;
      else if (at_op("<=")) op = CmpKind::Le;
      else if (at_op("==")) op = CmpKind::Eq;
      else if (at_op("!=")) op = CmpKind::Ne;
      else if (at_op(">")) op = CmpKind::Gt;
      else if (at_op(">=")) op = CmpKind::Ge;
      else if (at_kw("in")) op = CmpKind::In;
      else if (at_kw("not") && p_ + 1 < t_.size() && t_[p_ + 1].type == Tok::Name && t_[p_ + 1].text == "in") {
        op = CmpKind::NotIn;
        ++p_;
      } else if (at_kw("is")) {
        op = CmpKind::Is;
        if (p_ + 1 < t_.size() && t_[p_ + 1].type == Tok::Name && t_[p_ + 1].text == "not") {
          op = CmpKind::IsNot;
          ++p_;
        }
      } else break;
      ++p_;
      if (!n) {
        n = node_from<CompareExpr>(e);
        n->left = e;
      }
      n->ops.push_back(op);
      n->comparators.push_back(parse_bitwise_or());
    }
    if (n) warn_is_literal(n);
    return n ? finish(n) : e;
  }

  // CPython's compiler (check_compare): `is` / `is not` where an operand is a literal other
  // than None, True, False or `...`.
  void warn_is_literal(const CompareExpr* n) {
    auto literal = [](const Expr* e) {
      if (e->kind == EK::UnaryOp) {  // CPython folds -5 into a constant first
        auto* u = static_cast<const UnaryOpExpr*>(e);
        if (u->op != UnaryKind::Not && u->operand->kind == EK::Constant) e = u->operand;
      }
      if (e->kind != EK::Constant) return false;
      const Value& v = static_cast<const ConstantExpr*>(e)->value;
      return !(v.is_none() || v.is_bool() || v.is(Kind::Ellipsis));
    };
    bool left = literal(n->left);
    for (size_t i = 0; i < n->ops.size(); ++i) {
      bool right = literal(n->comparators[i]);
      if ((n->ops[i] == CmpKind::Is || n->ops[i] == CmpKind::IsNot) && (left || right)) {
        warn(n, n->ops[i] == CmpKind::Is ? "\"is\" with a literal. Did you mean \"==\"?"
                                         : "\"is not\" with a literal. Did you mean \"!=\"?");
        return;
      }
      left = right;
    }
  }

  // CPython's compiler (check_caller): calling what a literal makes, usually a missing comma
  // between two items: [(1, 2) (3, 4)].
  void warn_literal_call(const Expr* func) {
    const char* type = nullptr;
    switch (func->kind) {
      case EK::Constant: {
        const Value& v = static_cast<const ConstantExpr*>(func)->value;
        type = v.is_none() ? "NoneType" : v.is_bool() ? "bool" : v.is_int() || v.is(Kind::BigInt) ? "int"
             : v.is_float() ? "float" : v.is(Kind::Str) ? "str" : v.is(Kind::Ellipsis) ? "ellipsis" : nullptr;
        break;
      }
      case EK::Tuple: type = "tuple"; break;
      case EK::List: type = "list"; break;
      case EK::Dict: type = "dict"; break;
      case EK::Set: type = "set"; break;
      case EK::FString: type = "str"; break;
      case EK::Comprehension: {
        auto k = static_cast<const ComprehensionExpr*>(func)->comp;
        type = k == CompKind::List ? "list" : k == CompKind::Set ? "set" : k == CompKind::Dict ? "dict" : "generator";
        break;
      }
      default: break;
    }
    if (type) warn(func, std::string("'") + type + "' object is not callable; perhaps you missed a comma?");
  }

  void warn(const Node* at, std::string message) {
    auto [line, col] = start_of(at);
    auto& w = prog_.warnings;
    CompileWarning cw{line, col, std::move(message)};
    // Kept in source order (the order CPython's compiler meets them), whatever order the
    // nodes are finished in.
    auto pos = std::upper_bound(w.begin(), w.end(), cw, [](const CompileWarning& a, const CompileWarning& b) {
      return std::make_pair(a.line, a.col) < std::make_pair(b.line, b.col);
    });
    w.insert(pos, std::move(cw));
  }

  Expr* binop(Expr* l, BinOpKind op, Expr* r) {
    auto* n = node_from<BinOpExpr>(l);
    n->left = l;
    n->op = op;
    n->right = r;
    return finish(n);
  }
  Expr* parse_bitwise_or() {
    Expr* e = parse_bitwise_xor();
    while (accept_op("|")) e = binop(e, BinOpKind::BitOr, parse_bitwise_xor());
    return e;
  }
  Expr* parse_bitwise_xor() {
    Expr* e = parse_bitwise_and();
    while (accept_op("^")) e = binop(e, BinOpKind::BitXor, parse_bitwise_and());
    return e;
  }
  Expr* parse_bitwise_and() {
    Expr* e = parse_shift();
    while (accept_op("&")) e = binop(e, BinOpKind::BitAnd, parse_shift());
    return e;
  }
  Expr* parse_shift() {
    Expr* e = parse_sum();
    while (true) {
      if (accept_op("<<")) e = binop(e, BinOpKind::LShift, parse_sum());
      else if (accept_op(">>")) e = binop(e, BinOpKind::RShift, parse_sum());
      else return e;
    }
  }
  Expr* parse_sum() {
    Expr* e = parse_term();
    while (true) {
      if (accept_op("+")) e = binop(e, BinOpKind::Add, parse_term());
      else if (accept_op("-")) e = binop(e, BinOpKind::Sub, parse_term());
      else return e;
    }
  }
  Expr* parse_term() {
    Expr* e = parse_factor();
    while (true) {
      if (accept_op("*")) e = binop(e, BinOpKind::Mul, parse_factor());
      else if (accept_op("/")) e = binop(e, BinOpKind::Div, parse_factor());
      else if (accept_op("//")) e = binop(e, BinOpKind::FloorDiv, parse_factor());
      else if (accept_op("%")) e = binop(e, BinOpKind::Mod, parse_factor());
      else if (accept_op("@")) e = binop(e, BinOpKind::MatMul, parse_factor());
      else return e;
    }
  }
  Expr* parse_factor() {
    UnaryKind op;
    if (at_op("-")) op = UnaryKind::Neg;
    else if (at_op("+")) op = UnaryKind::Pos;
    else if (at_op("~")) op = UnaryKind::Invert;
    else return parse_power();
    const Token& k = cur();
    ++p_;
    Expr* operand = parse_factor();
    // fold -<number> into a constant, like CPython's optimizer
    if (op == UnaryKind::Neg && operand->kind == EK::Constant) {
      auto* c = static_cast<ConstantExpr*>(operand);
      if (c->value.is_int() && c->value.as_int() != INT64_MIN) {
        auto* n = node_from<ConstantExpr>(k);
        n->value = Value::integer(-c->value.as_int());
        return finish(n);
      }
      if (c->value.is_float()) {
        auto* n = node_from<ConstantExpr>(k);
        n->value = Value::floating(-c->value.as_float());
        return finish(n);
      }
    }
    auto* n = node_from<UnaryOpExpr>(k);
    n->op = op;
    n->operand = operand;
    return finish(n);
  }
  Expr* parse_power() {
    Expr* e = parse_await();
    if (accept_op("**")) e = binop(e, BinOpKind::Pow, parse_factor());
    return e;
  }
  Expr* parse_await() {
    if (at_kw("await")) {
      const Token& k = cur();
      ++p_;
      auto* n = node_from<AwaitExpr>(k);
      n->value = parse_primary();
      return finish(n);
    }
    return parse_primary();
  }

  Expr* parse_primary() {
    Expr* e = parse_atom();
    while (true) {
      if (accept_op(".")) {
        auto* n = node_from<AttributeExpr>(e);
        n->value = e;
        n->attr = expect_name();
        e = finish(n);
      } else if (at_op("(")) {
        ++p_;
        e = parse_call(e);
      } else if (accept_op("[")) {
        auto* n = node_from<SubscriptExpr>(e);
        n->value = e;
        n->index = parse_slices();
        expect_op("]");
        e = finish(n);
      } else {
        return e;
      }
    }
  }

  Expr* parse_slice() {
    const Token& k = cur();
    Expr* lower = nullptr;
    if (!at_op(":")) {
      lower = parse_named_expression();
      if (!at_op(":")) return lower;
    }
    auto* n = prog_.make<SliceExpr>();
    n->line = lower ? lower->line : k.line;
    n->col = lower ? lower->col : k.col;
    n->lower = lower;
    expect_op(":");
    if (!at_op(":") && !at_op("]") && !at_op(",")) n->upper = parse_expression();
    if (accept_op(":")) {
      if (!at_op("]") && !at_op(",")) n->step = parse_expression();
    }
    return finish(n);
  }
  Expr* parse_slices() {
    Expr* first = parse_slice();
    if (!at_op(",")) return first;
    auto* t = node_from<SeqExpr>(first, EK::Tuple);
    t->elts.push_back(first);
    while (accept_op(",")) {
      if (at_op("]")) break;
      t->elts.push_back(parse_slice());
    }
    return finish(t);
  }

  // CPython checks the order of a call's arguments once it has read them all, and points at
  // the last token it read: the call's closing parenthesis.
  [[noreturn]] void argument_order_error(const char* message) {
    int depth = 0;
    for (; !at(Tok::End); ++p_) {
      if (at_op("(") || at_op("[") || at_op("{")) ++depth;
      if (at_op(")") || at_op("]") || at_op("}")) {
        if (depth == 0) break;
        --depth;
      }
    }
    error_at_token(message);
  }

  Expr* parse_call(Expr* func) {
    warn_literal_call(func);
    auto* n = node_from<CallExpr>(func);
    n->func = func;
    bool seen_kw = false;
    while (!at_op(")")) {
      const Token& k = cur();
      if (accept_op("**")) {
        Keyword kw;
        kw.value = parse_expression();
        n->keywords.push_back(kw);
        n->simple = false;
        seen_kw = true;
      } else if (accept_op("*")) {
        for (auto& kw : n->keywords)  // (here CPython points at the star)
          if (!kw.name)
            error("iterable argument unpacking follows keyword argument unpacking", k.line, k.col, k.line,
                  k.col);
        auto* s = node_from<StarredExpr>(k);
        s->value = parse_expression();
        n->args.push_back(finish(s));
        n->simple = false;
      } else if (at_name() && at_op_at(1, "=")) {
        Keyword kw;
        kw.name = expect_name();
        ++p_;
        kw.value = parse_expression();
        n->kwnames.push_back(Value(kw.name.get()));
        n->keywords.push_back(kw);
        seen_kw = true;
      } else {
        Expr* e = parse_named_expression();
        if (at_kw("for") || (at_kw("async") && p_ + 1 < t_.size() && t_[p_ + 1].text == "for")) {
          Expr* g = parse_comprehension_tail(CompKind::Generator, e, nullptr, k);
          if (n->args.size() + n->keywords.size() > 0 || !at_op(")")) {
            error("Generator expression must be parenthesized", g->line, g->col, g->end_line, g->end_col);
          }
          // bare generator argument ends at the closing paren
          n->args.push_back(g);
          break;
        }
        if (seen_kw) {
          bool star_kw = false;
          for (auto& kw : n->keywords)
            if (!kw.name) star_kw = true;
          argument_order_error(star_kw ? "positional argument follows keyword argument unpacking"
                                       : "positional argument follows keyword argument");
        }
        if (at_op("=")) {
          error("expression cannot contain assignment, perhaps you meant \"==\"?", e->line, e->col,
                cur().end_line, cur().end_col);
        }
        n->args.push_back(e);
      }
      if (!accept_op(",")) {
        if (!at_op(")")) forgot_comma(n->args.empty() ? nullptr : n->args.back());
        break;
      }
    }
    expect_op(")");
    return finish(n);
  }

  // CPython 3.11 reports two adjacent expressions inside brackets specially.
  void forgot_comma(Expr* before) {
    if (before && starts_expression() && !at_op("*") && !at_op("**") && !at_op("(") && !at_op("[")) {
      size_t save = p_;
      Expr* nxt = nullptr;
      try {
        nxt = parse_expression();
      } catch (const CompileError&) {
        p_ = save;
        return;
      }
      error("invalid syntax. Perhaps you forgot a comma?", before->line, before->col, nxt->end_line,
            nxt->end_col);
    }
  }

  Expr* parse_comprehension_tail(CompKind kind, Expr* elt, Expr* value, const Token& start) {
    auto* n = node_from<ComprehensionExpr>(start);
    n->comp = kind;
    n->elt = elt;
    n->value = value;
    while (at_kw("for") || at_kw("async")) {
      CompFor f;
      if (accept_kw("async")) f.is_async = true;
      if (!accept_kw("for")) error_at_token();
      f.target = parse_target_list();
      if (!accept_kw("in")) error_at_token();
      f.iter = parse_disjunction();
      while (at_kw("if")) {
        ++p_;
        f.ifs.push_back(parse_disjunction());
      }
      n->generators.push_back(f);
    }
    return finish(n);
  }

  Expr* parse_yield() {
    const Token& k = cur();
    ++p_;
    if (accept_kw("from")) {
      auto* n = node_from<YieldExpr>(k, EK::YieldFrom);
      n->value = parse_expression();
      return finish(n);
    }
    auto* n = node_from<YieldExpr>(k, EK::Yield);
    if (!at_op(")") && !at(Tok::Newline) && !at_op("=") && !at_op(";") && !at_op("]") && !at_op("}"))
      n->value = parse_star_expressions();
    return finish(n);
  }

  Expr* parse_atom() {
    const Token& k = cur();
    switch (k.type) {
      case Tok::Number: {
        ++p_;
        auto* n = node_from<ConstantExpr>(k);
        if (k.is_imag) error("complex numbers are not supported", k.line, k.col, k.end_line, k.end_col);
        if (k.is_float) n->value = Value::floating(k.fval);
        else if (k.is_big) n->value = ctx_.big_int(k.text, int(k.ival));
        else n->value = Value::integer(k.ival);
        return finish(n);
      }
      case Tok::String: return parse_strings();
      case Tok::Name: {
        if (k.text == "None" || k.text == "True" || k.text == "False") {
          ++p_;
          auto* n = node_from<ConstantExpr>(k);
          n->value = k.text == "None" ? Value::none() : Value::boolean(k.text == "True");
          return finish(n);
        }
        if (k.text == "yield") error_at_token();
        if (kKeywords.count(k.text)) error_at_token();
        ++p_;
        auto* n = node_from<NameExpr>(k);
        n->id = ctx_.intern(k.text);
        return finish(n);
      }
      case Tok::Op: {
        if (k.text == "(") return parse_paren();
        if (k.text == "[") return parse_list();
        if (k.text == "{") return parse_brace();
        if (k.text == "...") {
          ++p_;
          auto* n = node_from<ConstantExpr>(k);
          n->value = ellipsis_;
          return finish(n);
        }
        break;
      }
      default: break;
    }
    error_at_token();
  }

  Expr* parse_paren() {
    const Token& k = cur();
    ++p_;
    if (accept_op(")")) {
      auto* t = node_from<SeqExpr>(k, EK::Tuple);
      return finish(t);
    }
    if (at_kw("yield")) {
      Expr* y = parse_yield();
      expect_op(")");
      paren_start_[y] = {k.line, k.col};
      return y;
    }
    Expr* first = parse_star_expression();
    if (at_kw("for") || at_kw("async")) {
      Expr* g = parse_comprehension_tail(CompKind::Generator, first, nullptr, k);
      expect_op(")");
      return finish(g);
    }
    if (accept_op(")")) {
      if (first->kind == EK::Starred) error_node("cannot use starred expression here", first);
      // A parenthesised expression keeps its own position; what it starts begins at the '('.
      paren_start_[first] = {k.line, k.col};
      return first;
    }
    if (!at_op(",")) {
      reject_assignment_after(first);
      forgot_comma(first);
      error_at_token();
    }
    auto* t = node_from<SeqExpr>(k, EK::Tuple);
    t->elts.push_back(first);
    while (accept_op(",")) {
      if (at_op(")")) break;
      t->elts.push_back(parse_star_expression());
      if (!at_op(",") && !at_op(")")) {
        reject_assignment_after(t->elts.back());
        forgot_comma(t->elts.back());
        error_at_token();
      }
    }
    expect_op(")");
    for (Expr* x : t->elts)
      if (x->kind == EK::Starred) t->has_star = true;
    return finish(t);
  }

  Expr* parse_list() {
    const Token& k = cur();
    ++p_;
    auto* l = node_from<SeqExpr>(k, EK::List);
    if (accept_op("]")) return finish(l);
    Expr* first = parse_star_expression();
    if (at_kw("for") || at_kw("async")) {
      Expr* c = parse_comprehension_tail(CompKind::List, first, nullptr, k);
      expect_op("]");
      return finish(c);
    }
    l->elts.push_back(first);
    while (accept_op(",")) {
      if (at_op("]")) break;
      l->elts.push_back(parse_star_expression());
    }
    if (!at_op("]")) forgot_comma(l->elts.back());
    expect_op("]");
    for (Expr* x : l->elts)
      if (x->kind == EK::Starred) l->has_star = true;
    return finish(l);
  }

  Expr* parse_brace() {
    const Token& k = cur();
    ++p_;
    if (accept_op("}")) return finish(node_from<DictExpr>(k));
    if (accept_op("**")) {
      auto* d = node_from<DictExpr>(k);
      d->keys.push_back(nullptr);
      d->values.push_back(parse_bitwise_or());
      parse_dict_rest(d);
      return finish(d);
    }
    Expr* first = parse_star_expression();
    if (accept_op(":")) {
      Expr* v = parse_dict_value();
      if (at_kw("for") || at_kw("async")) {
        Expr* c = parse_comprehension_tail(CompKind::Dict, first, v, k);
        expect_op("}");
        return finish(c);
      }
      auto* d = node_from<DictExpr>(k);
      d->keys.push_back(first);
      d->values.push_back(v);
      parse_dict_rest(d);
      return finish(d);
    }
    if (at_kw("for") || at_kw("async")) {
      Expr* c = parse_comprehension_tail(CompKind::Set, first, nullptr, k);
      expect_op("}");
      return finish(c);
    }
    auto* s = node_from<SeqExpr>(k, EK::Set);
    s->elts.push_back(first);
    while (accept_op(",")) {
      if (at_op("}")) break;
      s->elts.push_back(parse_star_expression());
    }
    if (!at_op("}")) forgot_comma(s->elts.back());
    expect_op("}");
    for (Expr* x : s->elts)
      if (x->kind == EK::Starred) s->has_star = true;
    return finish(s);
  }

  // A dictionary value, after its key's ':' (CPython 3.11's invalid_double_starred_kvpairs).
  Expr* parse_dict_value() {
    if (at_op("}") || at_op(",")) {
      const Token& colon = prev();
      error("expression expected after dictionary key and ':'", colon.line, colon.col, colon.end_line,
            colon.end_col);
    }
    if (at_op("*")) {
      const Token& star = cur();
      ++p_;
      Expr* v = parse_bitwise_or();
      error("cannot use a starred expression in a dictionary value", star.line, star.col, v->end_line,
            v->end_col);
    }
    return parse_expression();
  }

  void parse_dict_rest(DictExpr* d) {
    while (accept_op(",")) {
      if (at_op("}")) break;
      if (accept_op("**")) {
        d->keys.push_back(nullptr);
        d->values.push_back(parse_bitwise_or());
        continue;
      }
      Expr* key = parse_expression();
      // CPython 3.11's invalid_kvpair rule; the caret goes under the key's last character.
      if (!at_op(":"))
        error("':' expected after dictionary key", key->end_line, key->end_col - 1, key->end_line,
              key->end_col - 1);
      ++p_;
      d->keys.push_back(key);
      d->values.push_back(parse_dict_value());
    }
    if (!at_op("}")) forgot_comma(d->values.back());
    expect_op("}");
  }

  // Adjacent string literals are concatenated; any f-string makes the
  // result an FStringExpr.
  Expr* parse_strings() {
    const Token& k = cur();
    bool any_f = false, any_bytes = false;
    std::vector<FStringPart> parts;
    while (at(Tok::String)) {
      const Token& s = cur();
      ++p_;
      if (s.bytes) any_bytes = true;
      if (s.fstring) {
        any_f = true;
        try {
          parse_fstring_body(s, parts);
        } catch (const FStringScanError& e) {
          // CPython 3.11 scans f-strings after reading the whole literal and the token after
          // it, and its caret points at that token.
          while (at(Tok::String)) ++p_;
          const Token& next = cur();
          error(e.message, next.line, next.col, next.line, next.col);
        }
      } else {
        if (!parts.empty() && !parts.back().expr) parts.back().literal += s.text;
        else {
          FStringPart part;
          part.literal = s.text;
          parts.push_back(std::move(part));
        }
      }
    }
    if (any_bytes) error("bytes literals are not supported", k.line, k.col, k.end_line, k.end_col);
    if (!any_f) {
      auto* n = node_from<ConstantExpr>(k);
      n->value = Value(new Str(parts.empty() ? std::string() : parts[0].literal));
      return finish(n);
    }
    auto* n = node_from<FStringExpr>(k);
    n->parts = std::move(parts);
    return finish(n);
  }

  void add_literal(std::vector<FStringPart>& parts, const std::string& lit) {
    if (lit.empty()) return;
    if (!parts.empty() && !parts.back().expr) parts.back().literal += lit;
    else {
      FStringPart p;
      p.literal = lit;
      parts.push_back(std::move(p));
    }
  }

  // An error found while scanning an f-string's text (not one in a replacement field's
  // expression); parse_strings() gives it CPython's location.
  struct FStringScanError {
    std::string message;
  };
  [[noreturn]] static void fstring_error(const char* message) { throw FStringScanError{message}; }

  void parse_fstring_body(const Token& tok, std::vector<FStringPart>& parts) {
    const std::string& b = tok.text;
    std::string lit;
    size_t i = 0;
    auto flush = [&]() {
      add_literal(parts, tok.raw ? lit : decode_escapes(lit, tok.line, tok.col));
      lit.clear();
    };
    while (i < b.size()) {
      char c = b[i];
      if (c == '{' && i + 1 < b.size() && b[i + 1] == '{') {
        lit += '{';
        i += 2;
        continue;
      }
      if (c == '}' && i + 1 < b.size() && b[i + 1] == '}') {
        lit += '}';
        i += 2;
        continue;
      }
      if (c == '}') fstring_error("f-string: single '}' is not allowed");
      if (c != '{') {
        lit += c;
        ++i;
        continue;
      }
      flush();
      FStringPart part;
      i = parse_replacement_field(tok, b, i + 1, part, 0);
      parts.push_back(std::move(part));
    }
    flush();
  }

  // Parses {expr[=][!c][:spec]} starting after '{'; returns index after '}'.
  // `nesting`: how many replacement fields enclose this one (a format spec's fields are nested
  // in their field); CPython allows two levels.
  size_t parse_replacement_field(const Token& tok, const std::string& b, size_t i, FStringPart& part,
                                 int nesting) {
    if (nesting >= 2) fstring_error("f-string: expressions nested too deeply");
    size_t start = i;
    int depth = 0;
    char quote = 0;
    for (; i < b.size(); ++i) {
      char c = b[i];
      if (quote) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '\'' || c == '"') quote = c;
      else if (c == '(' || c == '[' || c == '{') ++depth;
      else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) break;
        --depth;
      } else if (depth == 0 && (c == '!' || c == ':') && !(c == '!' && i + 1 < b.size() && b[i + 1] == '=')) {
        break;
      } else if (depth == 0 && c == '=' && i + 1 < b.size() && b[i + 1] != '=' &&
                 i > start && std::strchr("=!<>", b[i - 1]) == nullptr) {
        break;
      }
    }
    if (i >= b.size()) fstring_error("f-string: expecting '}'");
    std::string expr_text = b.substr(start, i - start);
    if (expr_text.find_first_not_of(" \t\n") == std::string::npos)
      fstring_error("f-string: empty expression not allowed");
    part.expr = parse_sub_expression(expr_text, tok, start);
    if (b[i] == '=') {
      // f"{x * 2 = }": the text shown keeps the whitespace around '='
      size_t after = b.find_first_not_of(" \t", i + 1);
      if (after == std::string::npos) fstring_error("f-string: expecting '}'");
      part.debug_text = b.substr(start, after - start);
      i = after;
      if (b[i] != '!' && b[i] != ':') part.conversion = 'r';
    }
    if (b[i] == '!') {
      if (i + 1 >= b.size() || std::strchr("rsa", b[i + 1]) == nullptr)
        fstring_error("f-string: invalid conversion character: expected 's', 'r', or 'a'");
      part.conversion = b[i + 1];
      i += 2;
    }
    if (b[i] == ':') {
      ++i;
      // the spec may contain nested replacement fields
      auto* spec = prog_.make<FStringExpr>();
      spec->line = tok.line;
      spec->col = tok.col;
      std::string lit;
      while (i < b.size() && b[i] != '}') {
        if (b[i] == '{') {
          add_literal(spec->parts, lit);
          lit.clear();
          FStringPart sub;
          i = parse_replacement_field(tok, b, i + 1, sub, nesting + 1);
          spec->parts.push_back(std::move(sub));
          continue;
        }
        lit += b[i++];
      }
      add_literal(spec->parts, lit);
      part.format_spec = spec;
    }
    if (i >= b.size() || b[i] != '}') fstring_error("f-string: expecting '}'");
    return i + 1;
  }

  Expr* parse_sub_expression(const std::string& text, const Token& tok, size_t offset) {
    std::vector<Token> toks;
    try {
      toks = tokenize("(" + text + ")");
    } catch (CompileError& e) {
      e.line = tok.line;
      throw;
    }
    // Map positions into the enclosing source (single-line f-strings).
    int line0 = tok.body_line;
    int col0 = tok.body_col + int(offset) - 1;
    for (auto& t : toks) {
      if (t.line == 1) {
        t.col += col0;
        t.end_col += (t.end_line == 1 ? col0 : 0);
      }
      t.line += line0 - 1;
      t.end_line += line0 - 1;
    }
    Parser sub(std::move(toks), prog_, ctx_);
    Expr* e = sub.parse_standalone_expression();
    return e;
  }

  std::vector<Token> t_;
  size_t p_ = 0;
  // Expressions written in parentheses, and where their outermost '(' is.
  std::unordered_map<const Node*, std::pair<int, int>> paren_start_;
  Program& prog_;
  const ParserContext& ctx_;

 public:
  Value ellipsis_;
};

}  // namespace

Value make_ellipsis();

void parse_program(std::string_view src, Program& prog, const ParserContext& ctx) {
  std::vector<Token> tokens = tokenize(src);
  // A bracket left open at the end of the file (the lexer's last token says so).
  std::optional<Token> unclosed;
  if (!tokens.empty() && tokens.back().type == Tok::End && !tokens.back().text.empty())
    unclosed = tokens.back();
  Parser p(std::move(tokens), prog, ctx);
  p.ellipsis_ = make_ellipsis();
  try {
    p.parse_file();
  } catch (CompileError& e) {
    // A bracket still open at the end of the file is what CPython usually reports instead:
    // `print("hi"` followed by more code is "'(' was never closed", not the error a line
    // later. Its parser's second pass (the one that finds the specific messages, like
    // "Perhaps you forgot a comma?") reads on to the end of the file, where the tokenizer
    // fails first; and after a plain "invalid syntax" it tokenizes the rest of the file and
    // reports the bracket if it opened on an earlier line (pegen_errors.c,
    // _PyPegen_tokenize_full_source_to_check_for_errors). Indentation errors come first.
    bool specific = e.message != "invalid syntax";
    if (unclosed && e.kind != "IndentationError" &&
        std::make_pair(unclosed->line, unclosed->col) < std::make_pair(e.line, e.col) &&
        (specific || unclosed->line < e.line)) {
      CompileError better;
      better.message = unclosed->text;
      better.line = better.end_line = unclosed->line;
      better.col = unclosed->col;
      better.end_col = unclosed->end_col;
      throw better;
    }
    throw;
  }
}

}  // namespace loopscope::script
