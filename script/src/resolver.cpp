#include "resolver.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace loopscope::script {
namespace {

struct ScopeInfo {
  Code* code = nullptr;
  ScopeInfo* parent = nullptr;
  Code::Type type = Code::Function;
  bool is_async = false;
  std::vector<std::string> params;
  std::set<std::string> assigned, globals, nonlocals, used;
  std::vector<std::string> local_order;  // first-binding order
  std::vector<NameExpr*> name_nodes;
  std::vector<ScopeInfo*> children;
  // results
  std::set<std::string> locals, cells;
  std::vector<std::string> frees;
  std::map<std::string, int> slot;
  const Node* first_nonlocal = nullptr;
};

[[noreturn]] void fail(const std::string& msg, const Node* n, bool to_line_end = false) {
  CompileError e;
  e.message = msg;
  e.line = n->line;
  e.col = n->col;
  e.end_line = to_line_end ? n->line + 1 : n->end_line;
  e.end_col = n->end_col;
  throw e;
}

class Resolver {
 public:
  Resolver(Program& prog, const ParserContext& ctx) : prog_(prog), ctx_(ctx) {}

  void run() {
    auto* mod = new_scope(nullptr, Code::Module, "<module>", 1);
    prog_.module_code = mod->code;
    mod->code->body = &prog_.body;
    block(prog_.body, mod);
    for (auto& s : scopes_) compute_locals(*s);
    for (auto& s : scopes_) resolve_frees(*s);
    for (auto& s : scopes_) assign_slots(*s);
    for (auto& s : scopes_) patch(*s);
  }

 private:
  ScopeInfo* new_scope(ScopeInfo* parent, Code::Type type, const std::string& name, int line) {
    scopes_.emplace_back(new ScopeInfo());
    ScopeInfo* s = scopes_.back().get();
    s->parent = parent;
    s->type = type;
    prog_.codes.emplace_back(new Code());
    s->code = prog_.codes.back().get();
    s->code->type = type;
    s->code->name = ctx_.intern(name);
    s->code->filename = prog_.filename;
    s->code->first_line = line;
    std::string q = name;
    for (ScopeInfo* p = parent; p && p->type != Code::Module; p = p->parent) {
      if (p->type == Code::Class) {
        q = p->code->name->s + "." + q;
      } else {
        q = p->code->name->s + ".<locals>." + q;
        break_qual_ = true;
      }
      if (p->type != Code::Class) break;
    }
    if (parent && parent->type != Code::Module) {
      const std::string& pq = parent->code->qualname;
      q = parent->type == Code::Class ? pq + "." + name : pq + ".<locals>." + name;
    }
    s->code->qualname = q;
    if (parent) parent->children.push_back(s);
    return s;
  }

  void bind(ScopeInfo* s, const std::string& n) {
    if (s->assigned.insert(n).second) s->local_order.push_back(n);
  }

  bool in_function(ScopeInfo* s) const {
    return s->type == Code::Function || s->type == Code::Lambda || s->type == Code::Comprehension;
  }
  bool in_async(ScopeInfo* s) const {
    while (s && s->type == Code::Comprehension) {
      if (s->is_async) return true;
      s = s->parent;
    }
    return s && s->is_async;
  }

  // ------------------------------------------------------------ collection
  void block(const Block& b, ScopeInfo* s) {
    for (Stmt* st : b) stmt(st, s);
  }

  void target(Expr* e, ScopeInfo* s) {
    switch (e->kind) {
      case EK::Name: {
        auto* n = static_cast<NameExpr*>(e);
        bind(s, n->id->s);
        s->name_nodes.push_back(n);
        break;
      }
      case EK::Tuple: case EK::List:
        for (Expr* x : static_cast<SeqExpr*>(e)->elts) target(x, s);
        break;
      case EK::Starred: target(static_cast<StarredExpr*>(e)->value, s); break;
      case EK::Attribute: expr(static_cast<AttributeExpr*>(e)->value, s); break;
      case EK::Subscript:
        expr(static_cast<SubscriptExpr*>(e)->value, s);
        expr(static_cast<SubscriptExpr*>(e)->index, s);
        break;
      default: expr(e, s);
    }
  }

  // Defaults and annotations: evaluated where the function is defined.
  void params_defaults(const Parameters& p, ScopeInfo* s) {
    for (auto& x : p.positional)
      if (x.default_value) expr(x.default_value, s);
    for (auto& x : p.kwonly)
      if (x.default_value) expr(x.default_value, s);
    for_each_param(p, [&](const Param& x) {
      if (x.annotation) expr(x.annotation, s);
    });
  }

  void setup_params(Code* c, ScopeInfo* fs, const Parameters& p) {
    c->params = &p;
    for (auto& x : p.positional) fs->params.push_back(x.name->s);
    for (auto& x : p.kwonly) fs->params.push_back(x.name->s);
    if (p.has_vararg) fs->params.push_back(p.vararg.name->s);
    if (p.has_kwarg) fs->params.push_back(p.kwarg.name->s);
    c->nparams_pos = int(p.positional.size());
    c->nparams_kwonly = int(p.kwonly.size());
    c->nparams_posonly = int(p.nposonly);
    int next = c->nparams_pos + c->nparams_kwonly;
    if (p.has_vararg) c->vararg_slot = next++;
    if (p.has_kwarg) c->kwarg_slot = next++;
  }

  void stmt(Stmt* st, ScopeInfo* s) {
    switch (st->kind) {
      case SK::Expr: expr(static_cast<ExprStmt*>(st)->value, s); break;
      case SK::Assign: {
        auto* a = static_cast<AssignStmt*>(st);
        expr(a->value, s);
        for (Expr* t : a->targets) target(t, s);
        break;
      }
      case SK::AugAssign: {
        auto* a = static_cast<AugAssignStmt*>(st);
        expr(a->value, s);
        if (a->target->kind == EK::Name) {
          auto* n = static_cast<NameExpr*>(a->target);
          s->used.insert(n->id->s);
        }
        target(a->target, s);
        break;
      }
      case SK::AnnAssign: {
        auto* a = static_cast<AnnAssignStmt*>(st);
        // Evaluated (into __annotations__) in modules and class bodies only, as in CPython.
        if (s->type == Code::Module || s->type == Code::Class) expr(a->annotation, s);
        if (a->value) {
          expr(a->value, s);
          target(a->target, s);
        } else if (a->target->kind == EK::Name) {
          bind(s, static_cast<NameExpr*>(a->target)->id->s);
        }
        break;
      }
      case SK::If: {
        auto* i = static_cast<IfStmt*>(st);
        expr(i->test, s);
        block(i->body, s);
        block(i->orelse, s);
        break;
      }
      case SK::While: {
        auto* w = static_cast<WhileStmt*>(st);
        expr(w->test, s);
        ++loop_depth_;
        block(w->body, s);
        --loop_depth_;
        block(w->orelse, s);
        break;
      }
      case SK::For: {
        auto* f = static_cast<ForStmt*>(st);
        if (f->is_async && !in_async(s)) fail("'async for' outside async function", f, true);
        expr(f->iter, s);
        target(f->target, s);
        ++loop_depth_;
        block(f->body, s);
        --loop_depth_;
        block(f->orelse, s);
        break;
      }
      case SK::Break:
        if (loop_depth_ == 0) fail("'break' outside loop", st);
        if (loop_depth_ == star_loop_depth_) fail(kStarJump, st);
        break;
      case SK::Continue:
        if (loop_depth_ == 0) fail("'continue' not properly in loop", st);
        if (loop_depth_ == star_loop_depth_) fail(kStarJump, st);
        break;
      case SK::Pass: break;
      case SK::Return: {
        auto* r = static_cast<ReturnStmt*>(st);
        if (!in_function(s)) fail("'return' outside function", st);
        if (star_loop_depth_ >= 0) fail(kStarJump, st);
        if (r->value) expr(r->value, s);
        break;
      }
      case SK::FunctionDef: {
        auto* f = static_cast<FunctionDefStmt*>(st);
        for (Expr* d : f->decorators) expr(d, s);
        params_defaults(f->params, s);
        if (f->returns) expr(f->returns, s);
        auto* fs = new_scope(s, Code::Function, f->name->s, f->line);
        fs->is_async = f->is_async;
        f->code = fs->code;
        fs->code->is_async = f->is_async;
        fs->code->body = &f->body;
        setup_params(fs->code, fs, f->params);
        body_of_new_scope(f->body, fs);
        if (f->body.size() == 1 && f->body[0]->kind == SK::Return && !fs->code->is_generator)
          fs->code->return_expr = static_cast<ReturnStmt*>(f->body[0])->value;  // null for a bare return
        target(f->target, s);
        break;
      }
      case SK::ClassDef: {
        auto* c = static_cast<ClassDefStmt*>(st);
        for (Expr* d : c->decorators) expr(d, s);
        for (Expr* b : c->bases) expr(b, s);
        for (auto& k : c->keywords) expr(k.value, s);
        auto* cs = new_scope(s, Code::Class, c->name->s, c->line);
        c->code = cs->code;
        cs->code->body = &c->body;
        body_of_new_scope(c->body, cs);
        target(c->target, s);
        break;
      }
      case SK::Try: {
        auto* t = static_cast<TryStmt*>(st);
        block(t->body, s);
        for (auto& h : t->handlers) {
          if (h.type) expr(h.type, s);
          if (h.target) target(h.target, s);
          int saved_star = star_loop_depth_;
          if (t->is_star) star_loop_depth_ = loop_depth_;
          block(h.body, s);
          star_loop_depth_ = saved_star;
        }
        block(t->orelse, s);
        block(t->finalbody, s);
        break;
      }
      case SK::Raise: {
        auto* r = static_cast<RaiseStmt*>(st);
        if (r->exc) expr(r->exc, s);
        if (r->cause) expr(r->cause, s);
        break;
      }
      case SK::With: {
        auto* w = static_cast<WithStmt*>(st);
        if (w->is_async && !in_async(s)) fail("'async with' outside async function", w, true);
        for (auto& it : w->items) {
          expr(it.context, s);
          if (it.target) target(it.target, s);
        }
        block(w->body, s);
        break;
      }
      case SK::Global: case SK::Nonlocal: {
        auto* g = static_cast<NamesStmt*>(st);
        if (st->kind == SK::Nonlocal && s->type == Code::Module)
          fail("nonlocal declaration not allowed at module level", st);
        for (auto& n : g->names) {
          if (st->kind == SK::Global) s->globals.insert(n->s);
          else {
            s->nonlocals.insert(n->s);
            if (!s->first_nonlocal) s->first_nonlocal = st;
          }
        }
        break;
      }
      case SK::Import: case SK::ImportFrom: {
        auto* im = static_cast<ImportStmt*>(st);
        if (im->star && s->type != Code::Module)
          fail("import * only allowed at module level", st);
        for (auto& a : im->names) target(a.target, s);
        break;
      }
      case SK::Assert: {
        auto* a = static_cast<AssertStmt*>(st);
        expr(a->test, s);
        if (a->msg) expr(a->msg, s);
        break;
      }
      case SK::Delete:
        for (Expr* t : static_cast<DeleteStmt*>(st)->targets) target(t, s);
        break;
      case SK::CompAppend: {
        auto* c = static_cast<CompAppendStmt*>(st);
        expr(c->elt, s);
        if (c->value) expr(c->value, s);
        break;
      }
    }
  }

  void expr(Expr* e, ScopeInfo* s) {
    if (!e) return;
    switch (e->kind) {
      case EK::Constant: break;
      case EK::Name: {
        auto* n = static_cast<NameExpr*>(e);
        s->used.insert(n->id->s);
        s->name_nodes.push_back(n);
        if (n->id->s == "super" || n->id->s == "__class__") {
          for (ScopeInfo* p = s; p; p = p->parent)
            if (p->type == Code::Function || p->type == Code::Lambda) {
              p->code->uses_super = true;
              break;
            }
        }
        break;
      }
      case EK::Attribute: expr(static_cast<AttributeExpr*>(e)->value, s); break;
      case EK::Subscript:
        expr(static_cast<SubscriptExpr*>(e)->value, s);
        expr(static_cast<SubscriptExpr*>(e)->index, s);
        break;
      case EK::SliceExpr: {
        auto* x = static_cast<SliceExpr*>(e);
        expr(x->lower, s);
        expr(x->upper, s);
        expr(x->step, s);
        break;
      }
      case EK::Call: {
        auto* c = static_cast<CallExpr*>(e);
        expr(c->func, s);
        for (Expr* a : c->args) expr(a, s);
        for (auto& k : c->keywords) expr(k.value, s);
        break;
      }
      case EK::BinOp:
        expr(static_cast<BinOpExpr*>(e)->left, s);
        expr(static_cast<BinOpExpr*>(e)->right, s);
        break;
      case EK::UnaryOp: expr(static_cast<UnaryOpExpr*>(e)->operand, s); break;
      case EK::BoolOp:
        for (Expr* x : static_cast<BoolOpExpr*>(e)->values) expr(x, s);
        break;
      case EK::Compare: {
        auto* c = static_cast<CompareExpr*>(e);
        expr(c->left, s);
        for (Expr* x : c->comparators) expr(x, s);
        break;
      }
      case EK::IfExp: {
        auto* i = static_cast<IfExpExpr*>(e);
        expr(i->test, s);
        expr(i->body, s);
        expr(i->orelse, s);
        break;
      }
      case EK::Lambda: {
        auto* l = static_cast<LambdaExpr*>(e);
        params_defaults(l->params, s);
        auto* ls = new_scope(s, Code::Lambda, "<lambda>", l->line);
        l->code = ls->code;
        ls->code->return_expr = l->body;
        setup_params(ls->code, ls, l->params);
        int saved = loop_depth_;
        loop_depth_ = 0;
        expr(l->body, ls);
        loop_depth_ = saved;
        break;
      }
      case EK::List: case EK::Tuple: case EK::Set:
        for (Expr* x : static_cast<SeqExpr*>(e)->elts) expr(x, s);
        break;
      case EK::Dict: {
        auto* d = static_cast<DictExpr*>(e);
        for (size_t i = 0; i < d->keys.size(); ++i) {
          expr(d->keys[i], s);
          expr(d->values[i], s);
        }
        break;
      }
      case EK::Comprehension: comprehension(static_cast<ComprehensionExpr*>(e), s); break;
      case EK::Await: {
        auto* a = static_cast<AwaitExpr*>(e);
        if (!in_function(s) && s->type != Code::Comprehension) fail("'await' outside function", e);
        if (!in_async(s)) {
          // await in a generator expression inside an async def is allowed
          bool ok = false;
          if (s->type == Code::Comprehension) {
            ScopeInfo* p = s;
            while (p && p->type == Code::Comprehension) p = p->parent;
            ok = p && p->is_async;
            if (!p || !in_function(p)) fail("'await' outside function", e);
          }
          if (!ok) fail("'await' outside async function", e);
        }
        expr(a->value, s);
        break;
      }
      case EK::Yield: case EK::YieldFrom: {
        auto* y = static_cast<YieldExpr*>(e);
        if (!y->implicit && (!in_function(s) || s->type == Code::Comprehension)) fail("'yield' outside function", e);
        if (e->kind == EK::YieldFrom && s->is_async) fail("'yield from' inside async function", e);
        s->code->is_generator = true;
        expr(y->value, s);
        break;
      }
      case EK::FString:
        for (auto& p : static_cast<FStringExpr*>(e)->parts) {
          expr(p.expr, s);
          expr(p.format_spec, s);
        }
        break;
      case EK::Starred: expr(static_cast<StarredExpr*>(e)->value, s); break;
      case EK::NamedExpr: {
        auto* n = static_cast<NamedExprExpr*>(e);
        expr(n->value, s);
        ScopeInfo* t = s;
        while (t->type == Code::Comprehension) t = t->parent;
        target(n->target, t);
        break;
      }
    }
  }

  // [elt for t in it if c ...] becomes a function of the first iterator.
  void comprehension(ComprehensionExpr* c, ScopeInfo* s) {
    expr(c->generators[0].iter, s);
    static const char* names[] = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"};
    auto* cs = new_scope(s, Code::Comprehension, names[int(c->comp)], c->line);
    c->code = cs->code;
    cs->code->comp_kind = c->comp;
    bool any_async = false;
    for (auto& g : c->generators) any_async |= g.is_async;
    cs->is_async = any_async || (c->comp != CompKind::Generator && in_async(s));
    cs->code->is_async = any_async && c->comp == CompKind::Generator;
    cs->params.push_back(".0");
    cs->code->nparams_pos = 1;
    // synthesize the body
    Stmt* inner;
    if (c->comp == CompKind::Generator) {
      auto* y = prog_.make<YieldExpr>(EK::Yield);
      *static_cast<Node*>(y) = *static_cast<Node*>(c->elt);
      y->value = c->elt;
      y->implicit = true;
      auto* es = prog_.make<ExprStmt>();
      *static_cast<Node*>(es) = *static_cast<Node*>(c->elt);
      es->value = y;
      inner = es;
      cs->code->is_generator = true;
    } else {
      auto* ap = prog_.make<CompAppendStmt>();
      *static_cast<Node*>(ap) = *static_cast<Node*>(c->elt);
      ap->comp = c->comp;
      ap->elt = c->elt;
      ap->value = c->value;
      inner = ap;
    }
    for (size_t i = c->generators.size(); i-- > 0;) {
      auto& g = c->generators[i];
      for (size_t j = g.ifs.size(); j-- > 0;) {
        auto* is = prog_.make<IfStmt>();
        *static_cast<Node*>(is) = *static_cast<Node*>(g.ifs[j]);
        is->test = g.ifs[j];
        is->body.push_back(inner);
        inner = is;
      }
      auto* fs = prog_.make<ForStmt>();
      *static_cast<Node*>(fs) = *static_cast<Node*>(g.iter);
      fs->target = g.target;
      fs->is_async = g.is_async;
      if (i == 0) {
        auto* it = prog_.make<NameExpr>();
        *static_cast<Node*>(it) = *static_cast<Node*>(g.iter);
        it->id = ctx_.intern(".0");
        fs->iter = it;
      } else {
        fs->iter = g.iter;
      }
      fs->body.push_back(inner);
      inner = fs;
    }
    prog_.blocks.emplace_back(new Block{inner});
    cs->code->body = prog_.blocks.back().get();
    c->body = inner;
    int saved = loop_depth_;
    loop_depth_ = 1;  // the synthesized loops
    stmt(inner, cs);
    loop_depth_ = saved;
  }

  // -------------------------------------------------------------- resolve
  void compute_locals(ScopeInfo& s) {
    if (s.type == Code::Module) return;
    for (auto& p : s.params) s.locals.insert(p);
    for (auto& a : s.assigned)
      if (!s.globals.count(a) && !s.nonlocals.count(a)) s.locals.insert(a);
  }

  // Finds the function scope that binds `name` for a reference from `s`.
  ScopeInfo* find_binding(ScopeInfo* s, const std::string& name) {
    for (ScopeInfo* p = s->parent; p && p->type != Code::Module; p = p->parent) {
      if (p->type == Code::Class) continue;
      if (p->globals.count(name)) return nullptr;
      if (p->locals.count(name)) return p;
    }
    return nullptr;
  }

  void add_free_path(ScopeInfo* from, ScopeInfo* owner, const std::string& name) {
    owner->cells.insert(name);
    for (ScopeInfo* p = from; p != owner; p = p->parent) {
      if (std::find(p->frees.begin(), p->frees.end(), name) == p->frees.end())
        p->frees.push_back(name);
    }
  }

  void resolve_frees(ScopeInfo& s) {
    if (s.type == Code::Module) return;
    std::set<std::string> wanted;
    for (auto& n : s.nonlocals) {
      ScopeInfo* owner = find_binding(&s, n);
      if (!owner) fail("no binding for nonlocal '" + n + "' found", s.first_nonlocal);
      add_free_path(&s, owner, n);
    }
    for (auto& u : s.used) {
      if (s.locals.count(u) || s.globals.count(u) || s.nonlocals.count(u)) continue;
      if (s.type == Code::Class && s.assigned.count(u)) continue;
      ScopeInfo* owner = find_binding(&s, u);
      if (owner) add_free_path(&s, owner, u);
    }
    (void)wanted;
  }

  void assign_slots(ScopeInfo& s) {
    Code* c = s.code;
    if (s.type == Code::Module) return;
    std::vector<std::string> order;
    if (s.type != Code::Class) {
      for (auto& p : s.params) order.push_back(p);
      for (auto& l : s.local_order)
        if (s.locals.count(l) && std::find(order.begin(), order.end(), l) == order.end())
          order.push_back(l);
    }
    for (auto& n : order) {
      s.slot[n] = int(c->slot_names.size());
      c->slot_names.push_back(ctx_.intern(n));
      c->slot_is_cell.push_back(s.cells.count(n) > 0);
    }
    c->nlocals = int(order.size());
    for (auto& f : s.frees) {
      int k = int(c->slot_names.size());
      s.slot[f] = k;
      c->slot_names.push_back(ctx_.intern(f));
      c->slot_is_cell.push_back(true);
      c->freevar_slots.push_back(k);
      c->freevar_names.push_back(ctx_.intern(f));
    }
    c->has_cells = std::find(c->slot_is_cell.begin(), c->slot_is_cell.end(), true) != c->slot_is_cell.end();
  }

  void patch(ScopeInfo& s) {
    for (NameExpr* n : s.name_nodes) {
      const std::string& id = n->id->s;
      if (s.type == Code::Module) {
        n->scope = Scope::Global;
        continue;
      }
      if (s.globals.count(id)) {
        n->scope = Scope::Global;
        continue;
      }
      if (s.type == Code::Class) {
        auto it = s.slot.find(id);
        if (it != s.slot.end() && !s.assigned.count(id)) {
          n->scope = s.nonlocals.count(id) ? Scope::Deref : Scope::ClassDeref;
          n->slot = it->second;
        } else {
          n->scope = Scope::Name;
        }
        continue;
      }
      auto it = s.slot.find(id);
      if (it == s.slot.end()) {
        n->scope = Scope::Global;
        continue;
      }
      n->slot = it->second;
      n->scope = s.code->slot_is_cell[size_t(it->second)] ? Scope::Deref : Scope::Fast;
    }
  }

  Program& prog_;
  const ParserContext& ctx_;
  std::vector<std::unique_ptr<ScopeInfo>> scopes_;
  // A def's or class's body: break/continue/return there relate to no loop or except* outside.
  void body_of_new_scope(const Block& body, ScopeInfo* scope) {
    int saved = loop_depth_, saved_star = star_loop_depth_;
    loop_depth_ = 0;
    star_loop_depth_ = -1;
    block(body, scope);
    loop_depth_ = saved;
    star_loop_depth_ = saved_star;
  }

  int loop_depth_ = 0;
  // Inside an except* handler: the loop depth at the handler (break/continue at that depth and
  // return would leave the handler, which except* does not allow); -1 elsewhere.
  int star_loop_depth_ = -1;
  static constexpr const char* kStarJump = "'break', 'continue' and 'return' cannot appear in an except* block";
  bool break_qual_ = false;
};

}  // namespace

void resolve_program(Program& prog, const ParserContext& ctx) { Resolver(prog, ctx).run(); }

}  // namespace loopscope::script
