// Built-in native modules: sys, traceback, time and math (random: random_module.cpp).
#include <cmath>
#include <ctime>
#include <memory>

#include "python_library.hpp"
#include "runtime.hpp"

namespace loopscope::script {

namespace {
constexpr double kPi = 3.141592653589793;

int64_t gcd_of(int64_t a, int64_t b) {  // both non-negative
  while (b) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}
}  // namespace

void define_random_module(Interpreter& in, Module& m);  // random_module.cpp

// The modules written in C++. Named functions (not lambdas) so that cmake/asyncify-remove.txt
// can name them: setting a module up runs no Python code, so it is never on a fiber's stack at a
// swap.
static void define_sys_module(Interpreter& in, Module& m) {
  std::vector<Value> argv;
  for (auto& a : in.options().argv) argv.push_back(in.new_str(a));
  in.set_attr(m, "argv", in.new_list(argv));
  Ref<ClassObj> io = in.new_class("TextIOWrapper", "_io");
  in.add_method(*io, "write", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 2 || !a[1].is(Kind::Str))
      in.raise("TypeError", "write() argument must be str, not " + (a.size() > 1 ? in.type_name(a[1]) : std::string("None")));
    in.hooks().write(a[1].as<Str>()->s, static_cast<StreamObj*>(a[0].obj())->err);
    return Value::integer(int64_t(a[1].as<Str>()->length()));
  });
  in.add_method(*io, "flush", [](Interpreter&, const Args&) -> Value { return Value(); });
  in.set_attr(m, "stdout", Value(new StreamObj(io.get(), false)));
  in.set_attr(m, "stderr", Value(new StreamObj(io.get(), true)));
  in.add_function(m, "exit", [](Interpreter& in, const Args& a) -> Value {
    throw PyException(in.new_exception(in.exception_class("SystemExit"), a.size() ? std::vector<Value>{a[0]} : std::vector<Value>{}));
  });
  in.add_function(m, "getrecursionlimit", [](Interpreter& in, const Args&) -> Value {
    return Value::integer(in.opts_.recursion_limit);
  });
  in.add_function(m, "setrecursionlimit", [](Interpreter& in, const Args& a) -> Value {
    int64_t n = in.to_index(a[0]);
    if (n < 1) in.raise("ValueError", "recursion limit must be greater or equal than 1");
    in.opts_.recursion_limit = int(n);
    return Value();
  });
  // The exception being handled (None outside an except block), as sys.exception() (3.11) and
  // sys.exc_info() give it.
  in.add_function(m, "exception", [](Interpreter& in, const Args&) -> Value { return in.handled_exception(); });
  in.add_function(m, "exc_info", [](Interpreter& in, const Args&) -> Value {
    Value e = in.handled_exception();
    if (e.is_none()) return in.new_tuple({Value(), Value(), Value()});
    return in.new_tuple({Value(in.type_of(e)), e, Value()});
  });
  // sys._getframe(depth): a snapshot of the calling frame and those below it (f_code.co_name,
  // co_filename, f_lineno, f_back, f_globals), enough for logging's caller information. A
  // snapshot because the interpreter's frames are pooled and reused once a call returns.
  Ref<ClassObj> frame_cls = in.new_class("frame", "builtins");
  Ref<ClassObj> code_cls = in.new_class("code", "builtins");
  in.add_function(m, "_getframe", [frame_cls, code_cls](Interpreter& in, const Args& a) -> Value {
    int64_t depth = a.size() ? in.to_index(a[0]) : 0;
    std::vector<const Frame*> chain;
    for (const Frame* f = in.frame_; f; f = f->back)
      if (f->code) chain.push_back(f);
    if (depth < 0 || depth >= int64_t(chain.size())) in.raise("ValueError", "call stack is not deep enough");
    Value back;  // None below the outermost frame
    for (size_t i = chain.size(); i-- > size_t(depth);) {
      const Frame* f = chain[i];
      Value code(new Instance(code_cls.get()));
      in.setattr(code, in.intern("co_name").get(), Value(f->code->name.get()));
      in.setattr(code, in.intern("co_filename").get(), in.new_str(f->code->filename));
      in.setattr(code, in.intern("co_firstlineno").get(), Value::integer(f->code->first_line));
      Value frame(new Instance(frame_cls.get()));
      in.setattr(frame, in.intern("f_code").get(), code);
      in.setattr(frame, in.intern("f_lineno").get(), Value::integer(f->current ? f->current->line : f->code->first_line));
      in.setattr(frame, in.intern("f_back").get(), back);
      in.setattr(frame, in.intern("f_globals").get(), f->globals ? Value(f->globals) : Value());
      back = frame;
    }
    return back;
  });
  in.set_attr(m, "version", in.new_str("3.11.7 (Loopscope)"));
  in.set_attr(m, "version_info", in.new_tuple({Value::integer(3), Value::integer(11), Value::integer(7), in.new_str("final"), Value::integer(0)}));
  in.set_attr(m, "platform", in.new_str("loopscope"));
  in.set_attr(m, "maxsize", Value::integer(INT64_MAX));
  in.set_attr(m, "path", in.new_list());
  in.set_attr(m, "byteorder", in.new_str("little"));
}

// traceback: the text CPython's traceback module gives for an exception, from the same code that
// prints an uncaught one. format_* return lists of lines, each ending in a newline.
static void define_traceback_module(Interpreter& in, Module& m) {
  auto exception_arg = [](Interpreter& in, const Args& a, const char* fn) -> Value {
    const Value* v = a.get(0, "exc");
    if (!v) in.raise("TypeError", std::string(fn) + "() missing 1 required positional argument: 'exc'");
    if (a.size() > 1 && !a[1].is_none()) return a[1];  // the (type, value, tb) form
    return *v;
  };
  auto lines = [](Interpreter& in, const std::string& text) {
    std::vector<Value> out;
    for (size_t i = 0; i < text.size();) {
      size_t nl = text.find('\n', i);
      size_t end = nl == std::string::npos ? text.size() : nl + 1;
      out.push_back(in.new_str(text.substr(i, end - i)));
      i = end;
    }
    return in.new_list(std::move(out));
  };
  auto text_of = [](Interpreter& in, const Value& e) -> std::string {
    return e.is(Kind::Exception) ? in.format_exception(e) : "NoneType: None\n";
  };
  in.add_function(m, "format_exception", [=](Interpreter& in, const Args& a) -> Value {
    return lines(in, text_of(in, exception_arg(in, a, "format_exception")));
  });
  in.add_function(m, "format_exception_only", [=](Interpreter& in, const Args& a) -> Value {
    Value e = exception_arg(in, a, "format_exception_only");
    return lines(in, e.is(Kind::Exception) ? in.exception_line(e) : "NoneType: None\n");
  });
  in.add_function(m, "print_exception", [=](Interpreter& in, const Args& a) -> Value {
    in.write_err(text_of(in, exception_arg(in, a, "print_exception")));
    return Value();
  });
  in.add_function(m, "format_exc", [=](Interpreter& in, const Args&) -> Value { return in.new_str(text_of(in, in.handled_exception())); });
  in.add_function(m, "print_exc", [=](Interpreter& in, const Args&) -> Value {
    in.write_err(text_of(in, in.handled_exception()));
    return Value();
  });
}

static void define_time_module(Interpreter& in, Module& m) {
  in.add_function(m, "time", [](Interpreter& in, const Args&) -> Value { return Value::floating(in.hooks().wall_clock()); });
  in.add_function(m, "time_ns", [](Interpreter& in, const Args&) -> Value {
    return Value::integer(int64_t(in.hooks().wall_clock() * 1e9));
  });
  auto mono = [](Interpreter& in, const Args&) -> Value { return Value::floating(in.hooks().monotonic()); };
  in.add_function(m, "monotonic", mono);
  in.add_function(m, "perf_counter", mono);
  in.add_function(m, "process_time", mono);
  auto mono_ns = [](Interpreter& in, const Args&) -> Value { return Value::integer(int64_t(in.hooks().monotonic() * 1e9)); };
  in.add_function(m, "monotonic_ns", mono_ns);
  in.add_function(m, "perf_counter_ns", mono_ns);
  in.add_function(m, "sleep", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 1) in.raise("TypeError", "time.sleep() takes exactly one argument (" + std::to_string(a.size()) + " given)");
    double s = in.to_double(a[0]);
    if (s < 0) in.raise("ValueError", "sleep length must be non-negative");
    if (in.hooks().sleep) in.hooks().sleep(s);
    return Value();
  });
  // time.strftime(format[, t]): the asyncio docs print `time.strftime('%X')` around their
  // examples. The local time of the program's clock (time.time()), or t, a 9-tuple as
  // time.localtime() gives.
  in.add_function(m, "strftime", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() < 1 || a.size() > 2) in.raise("TypeError", "strftime() takes at most 2 arguments (" + std::to_string(a.size()) + " given)");
    if (!a[0].is(Kind::Str)) in.raise("TypeError", "strftime() argument 1 must be str, not " + in.type_name(a[0]));
    std::tm tm{};
    if (a.size() == 2) {
      std::vector<Value> f = in.to_vector(a[1]);
      if (f.size() != 9) in.raise("TypeError", "time.struct_time() takes a 9-sequence (" + std::to_string(f.size()) + "-sequence given)");
      int* fields[] = {&tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &tm.tm_wday, &tm.tm_yday, &tm.tm_isdst};
      for (size_t i = 0; i < 9; ++i) *fields[i] = int(in.to_index(f[i]));
      tm.tm_year -= 1900;  // Python's fields: year as written, month 1-12, Monday = 0, day of year 1-366
      tm.tm_mon -= 1;
      tm.tm_wday = (tm.tm_wday + 1) % 7;
      tm.tm_yday -= 1;
    } else {
      std::time_t now = std::time_t(in.hooks().wall_clock());
      localtime_r(&now, &tm);
    }
    const std::string& format = a[0].as<Str>()->s;
    std::vector<char> buf(256 + format.size() * 16);
    size_t n = format.empty() ? 0 : std::strftime(buf.data(), buf.size(), format.c_str(), &tm);
    return in.new_str(std::string(buf.data(), n));
  });
}

static void define_math_module(Interpreter& in, Module& m) {
  in.set_attr(m, "pi", Value::floating(kPi));
  in.set_attr(m, "e", Value::floating(2.718281828459045));
  in.set_attr(m, "tau", Value::floating(2 * kPi));
  in.set_attr(m, "inf", Value::floating(INFINITY));
  in.set_attr(m, "nan", Value::floating(NAN));
  // What a function of one float does with an infinite result from a finite argument: CPython
  // raises OverflowError for a result too large (exp(1000)) and ValueError at a pole (atanh(1)).
  enum class Inf { Allowed, Overflow, Pole };
  auto f1 = [&](const char* name, double (*fn)(double), Inf inf = Inf::Allowed) {
    in.add_function(m, name, [fn, name, inf](Interpreter& in, const Args& a) -> Value {
      if (a.size() != 1) in.raise("TypeError", std::string("math.") + name + "() takes exactly one argument (" + std::to_string(a.size()) + " given)");
      double x = in.to_double(a[0]);
      double r = fn(x);
      if (std::isnan(r) && !std::isnan(x)) in.raise("ValueError", "math domain error");
      if (std::isinf(r) && std::isfinite(x) && inf != Inf::Allowed)
        in.raise(inf == Inf::Overflow ? "OverflowError" : "ValueError", inf == Inf::Overflow ? "math range error" : "math domain error");
      return Value::floating(r);
    });
  };
  f1("sqrt", [](double x) { return x < 0 ? NAN : std::sqrt(x); });
  f1("exp", [](double x) { return std::exp(x); }, Inf::Overflow);
  f1("exp2", [](double x) { return std::exp2(x); }, Inf::Overflow);
  f1("expm1", [](double x) { return std::expm1(x); }, Inf::Overflow);
  f1("log1p", [](double x) { return x < -1 ? NAN : std::log1p(x); }, Inf::Pole);
  f1("sinh", [](double x) { return std::sinh(x); }, Inf::Overflow);
  f1("cosh", [](double x) { return std::cosh(x); }, Inf::Overflow);
  f1("tanh", [](double x) { return std::tanh(x); });
  f1("asinh", [](double x) { return std::asinh(x); });
  f1("acosh", [](double x) { return x < 1 ? NAN : std::acosh(x); });
  f1("atanh", [](double x) { return std::fabs(x) > 1 ? NAN : std::atanh(x); }, Inf::Pole);
  f1("erf", [](double x) { return std::erf(x); });
  f1("erfc", [](double x) { return std::erfc(x); });
  f1("cbrt", [](double x) { return std::cbrt(x); });
  f1("ulp", [](double x) {
    if (std::isnan(x)) return x;
    x = std::fabs(x);
    if (std::isinf(x)) return x;
    double next = std::nextafter(x, INFINITY);
    return std::isinf(next) ? x - std::nextafter(x, -INFINITY) : next - x;
  });
  f1("sin", [](double x) { return std::sin(x); });
  f1("cos", [](double x) { return std::cos(x); });
  f1("tan", [](double x) { return std::tan(x); });
  f1("atan", [](double x) { return std::atan(x); });
  f1("asin", [](double x) { return std::asin(x); });
  f1("acos", [](double x) { return std::acos(x); });
  f1("fabs", [](double x) { return std::fabs(x); });
  f1("log10", [](double x) { return x <= 0 ? NAN : std::log10(x); });
  f1("log2", [](double x) { return x <= 0 ? NAN : std::log2(x); });
  f1("degrees", [](double x) { return x * 180.0 / kPi; });
  f1("radians", [](double x) { return x * kPi / 180.0; });
  in.add_function(m, "log", [](Interpreter& in, const Args& a) -> Value {
    double x = in.to_double(a[0]);
    if (x <= 0) in.raise("ValueError", "math domain error");
    double r = std::log(x);
    if (a.size() > 1) r /= std::log(in.to_double(a[1]));
    return Value::floating(r);
  });
  in.add_function(m, "pow", [](Interpreter& in, const Args& a) -> Value {
    return Value::floating(std::pow(in.to_double(a[0]), in.to_double(a[1])));
  });
  in.add_function(m, "atan2", [](Interpreter& in, const Args& a) -> Value {
    return Value::floating(std::atan2(in.to_double(a[0]), in.to_double(a[1])));
  });
  in.add_function(m, "hypot", [](Interpreter& in, const Args& a) -> Value {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += in.to_double(a[i]) * in.to_double(a[i]);
    return Value::floating(std::sqrt(s));
  });
  auto rounding = [&](const char* name, double (*fn)(double)) {
    in.add_function(m, name, [fn](Interpreter& in, const Args& a) -> Value {
      if (a[0].is_int() || a[0].is(Kind::BigInt)) return a[0];
      return int_from_double(in, fn(in.to_double(a[0])));
    });
  };
  rounding("floor", [](double x) { return std::floor(x); });
  rounding("ceil", [](double x) { return std::ceil(x); });
  rounding("trunc", [](double x) { return std::trunc(x); });
  auto f2 = [&](const char* name, double (*fn)(double, double)) {
    in.add_function(m, name, [fn, name](Interpreter& in, const Args& a) -> Value {
      if (a.size() != 2) in.raise("TypeError", std::string(name) + " expected 2 arguments, got " + std::to_string(a.size()));
      double x = in.to_double(a[0]), y = in.to_double(a[1]);
      double r = fn(x, y);
      if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) in.raise("ValueError", "math domain error");
      return Value::floating(r);
    });
  };
  f2("copysign", [](double x, double y) { return std::copysign(x, y); });
  f2("fmod", [](double x, double y) { return std::isinf(y) && std::isfinite(x) ? x : std::fmod(x, y); });
  f2("remainder", [](double x, double y) { return std::remainder(x, y); });
  f2("nextafter", [](double x, double y) { return std::nextafter(x, y); });
  in.add_function(m, "ldexp", [](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 2) in.raise("TypeError", "ldexp expected 2 arguments, got " + std::to_string(a.size()));
    double x = in.to_double(a[0]);
    int64_t e = in.to_index(a[1]);
    double r = std::ldexp(x, int(std::max<int64_t>(std::min<int64_t>(e, 100000), -100000)));
    if (std::isinf(r) && std::isfinite(x)) in.raise("OverflowError", "math range error");
    return Value::floating(r);
  });
  in.add_function(m, "frexp", [](Interpreter& in, const Args& a) -> Value {
    int e = 0;
    double mant = std::frexp(in.to_double(a[0]), &e);
    return in.new_tuple({Value::floating(mant), Value::integer(e)});
  });
  in.add_function(m, "modf", [](Interpreter& in, const Args& a) -> Value {
    double whole = 0;
    double frac = std::modf(in.to_double(a[0]), &whole);
    return in.new_tuple({Value::floating(frac), Value::floating(whole)});
  });
  in.add_function(m, "dist", [](Interpreter& in, const Args& a) -> Value {
    std::vector<Value> p = in.to_vector(a[0]), q = in.to_vector(a[1]);
    if (p.size() != q.size()) in.raise("ValueError", "both points must have the same number of dimensions");
    double s = 0;
    for (size_t i = 0; i < p.size(); ++i) {
      double d = in.to_double(p[i]) - in.to_double(q[i]);
      s += d * d;
    }
    return Value::floating(std::sqrt(s));
  });
  in.add_function(m, "isqrt", [](Interpreter& in, const Args& a) -> Value {
    int64_t n = in.to_index(a[0]);
    if (n < 0) in.raise("ValueError", "isqrt() argument must be nonnegative");
    auto r = int64_t(std::sqrt(double(n)));
    while (r > 0 && __int128(r) * r > n) --r;  // the double's root may be one off either way
    while (__int128(r + 1) * (r + 1) <= n) ++r;
    return Value::integer(r);
  });
  // comb and perm multiply as Python ints, so large results become big ints as in CPython.
  auto nonnegative = [](Interpreter& in, const Value& v, const char* what) {
    int64_t x = in.to_index(v);
    if (x < 0) in.raise("ValueError", std::string(what) + " must be a non-negative integer");
    return x;
  };
  in.add_function(m, "comb", [nonnegative](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 2) in.raise("TypeError", "comb expected 2 arguments, got " + std::to_string(a.size()));
    int64_t n = nonnegative(in, a[0], "n"), k = nonnegative(in, a[1], "k");
    if (k > n) return Value::integer(0);
    k = std::min(k, n - k);
    Value r = Value::integer(1);
    for (int64_t i = 1; i <= k; ++i) {
      r = in.binary_op(BinOpKind::Mul, r, Value::integer(n - k + i));
      r = in.binary_op(BinOpKind::FloorDiv, r, Value::integer(i));
    }
    return r;
  });
  in.add_function(m, "perm", [nonnegative](Interpreter& in, const Args& a) -> Value {
    if (a.size() < 1 || a.size() > 2) in.raise("TypeError", "perm expected at most 2 arguments, got " + std::to_string(a.size()));
    int64_t n = nonnegative(in, a[0], "n");
    int64_t k = a.size() > 1 && !a[1].is_none() ? nonnegative(in, a[1], "k") : n;
    if (k > n) return Value::integer(0);
    Value r = Value::integer(1);
    for (int64_t i = 0; i < k; ++i) r = in.binary_op(BinOpKind::Mul, r, Value::integer(n - i));
    return r;
  });
  in.add_function(m, "lcm", [](Interpreter& in, const Args& a) -> Value {
    Value r = Value::integer(1);
    for (size_t i = 0; i < a.size(); ++i) {
      int64_t x = std::llabs(in.to_index(a[i]));
      if (x == 0) return Value::integer(0);
      // gcd(r, x) = gcd(x, r % x): r may be a big int, r % x is not
      int64_t g = gcd_of(x, in.to_index(in.binary_op(BinOpKind::Mod, r, Value::integer(x))));
      r = in.binary_op(BinOpKind::Mul, in.binary_op(BinOpKind::FloorDiv, r, Value::integer(g)), Value::integer(x));
    }
    return r;
  });
  in.add_function(m, "isclose", [](Interpreter& in, const Args& a) -> Value {
    double x = in.to_double(a[0]), y = in.to_double(a[1]);
    const Value* rt = a.kw("rel_tol");
    const Value* at = a.kw("abs_tol");
    double rel = rt ? in.to_double(*rt) : 1e-9, abs_tol = at ? in.to_double(*at) : 0.0;
    if (x == y) return Value::boolean(true);
    double diff = std::fabs(x - y);
    return Value::boolean(diff <= std::fabs(rel * y) || diff <= std::fabs(rel * x) || diff <= abs_tol);
  });
  in.add_function(m, "isinf", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(std::isinf(in.to_double(a[0]))); });
  in.add_function(m, "isnan", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(std::isnan(in.to_double(a[0]))); });
  in.add_function(m, "isfinite", [](Interpreter& in, const Args& a) -> Value { return Value::boolean(std::isfinite(in.to_double(a[0]))); });
  in.add_function(m, "factorial", [](Interpreter& in, const Args& a) -> Value {
    if (!(a[0].is_int() || a[0].is_bool())) in.raise("TypeError", "'" + in.type_name(a[0]) + "' object cannot be interpreted as an integer");
    int64_t n = a[0].as_int();
    if (n < 0) in.raise("ValueError", "factorial() not defined for negative values");
    Value r = Value::integer(1);
    for (int64_t i = 2; i <= n; ++i) r = in.binary_op(BinOpKind::Mul, r, Value::integer(i));
    return r;
  });
  in.add_function(m, "gcd", [](Interpreter& in, const Args& a) -> Value {
    int64_t g = 0;
    for (size_t i = 0; i < a.size(); ++i) g = gcd_of(g, std::llabs(in.to_index(a[i])));
    return Value::integer(g);
  });
  in.add_function(m, "fsum", [](Interpreter& in, const Args& a) -> Value {
    // Neumaier summation is close to (but not exactly) CPython's exact fsum
    double s = 0, c = 0;
    for (auto& v : in.to_vector(a[0])) {
      double x = in.to_double(v);
      double t = s + x;
      if (std::fabs(s) >= std::fabs(x)) c += (s - t) + x;
      else c += (x - t) + s;
      s = t;
    }
    return Value::floating(s + c);
  });
  in.add_function(m, "prod", [](Interpreter& in, const Args& a) -> Value {
    Value r = Value::integer(1);
    for (auto& v : in.to_vector(a[0])) r = in.binary_op(BinOpKind::Mul, r, v);
    return r;
  });
}

void Interpreter::init_modules() {
  // ---- the modules written in Python (script/lib/*.py)
  for (const PythonModuleSource* m = kPythonLibrary; m->name; ++m) {
    const char* source = m->source;
    std::string filename = std::string(m->name) + ".py";
    register_module(m->name, [source, filename](Interpreter& in, Module& mod) { in.exec_source(source, filename, &mod); });
  }
  // ---- the modules written in C++
  register_module("sys", define_sys_module);
  register_module("time", define_time_module);
  register_module("traceback", define_traceback_module);
  register_module("random", define_random_module);
  register_module("math", define_math_module);
}

}  // namespace loopscope::script
