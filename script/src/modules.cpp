// Built-in native modules: sys, time, random (CPython-compatible Mersenne
// Twister) and math.
#include <cmath>
#include <ctime>
#include <memory>

#include "python_library.hpp"
#include "runtime.hpp"

namespace loopscope::script {

namespace {
constexpr double kPi = 3.141592653589793;

// MT19937 exactly as in CPython's Modules/_randommodule.c
struct Mersenne {
  uint32_t mt[624];
  int index = 625;
  void init_genrand(uint32_t s) {
    mt[0] = s;
    for (int i = 1; i < 624; ++i) mt[i] = 1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + uint32_t(i);
    index = 624;
  }
  void init_by_array(const std::vector<uint32_t>& key) {
    init_genrand(19650218u);
    size_t i = 1, j = 0, len = key.size();
    for (size_t k = std::max<size_t>(624, len); k; --k) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + uint32_t(j);
      ++i;
      ++j;
      if (i >= 624) {
        mt[0] = mt[623];
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (size_t k = 623; k; --k) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - uint32_t(i);
      ++i;
      if (i >= 624) {
        mt[0] = mt[623];
        i = 1;
      }
    }
    mt[0] = 0x80000000u;
  }
  uint32_t next() {
    static const uint32_t mag01[2] = {0x0u, 0x9908b0dfu};
    uint32_t y;
    if (index >= 624) {
      int kk;
      for (kk = 0; kk < 624 - 397; kk++) {
        y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
        mt[kk] = mt[kk + 397] ^ (y >> 1) ^ mag01[y & 0x1u];
      }
      for (; kk < 623; kk++) {
        y = (mt[kk] & 0x80000000u) | (mt[kk + 1] & 0x7fffffffu);
        mt[kk] = mt[kk + (397 - 624)] ^ (y >> 1) ^ mag01[y & 0x1u];
      }
      y = (mt[623] & 0x80000000u) | (mt[0] & 0x7fffffffu);
      mt[623] = mt[396] ^ (y >> 1) ^ mag01[y & 0x1u];
      index = 0;
    }
    y = mt[index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= (y >> 18);
    return y;
  }
  double random() {
    uint32_t a = next() >> 5, b = next() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }
  uint64_t getrandbits(int k) {  // k <= 64
    if (k <= 32) return next() >> (32 - k);
    uint64_t lo = next();
    uint64_t hi = next() >> (64 - k);
    return lo | (hi << 32);
  }
  uint64_t randbelow(uint64_t n) {
    if (n == 0) return 0;
    int k = 64 - __builtin_clzll(n);
    uint64_t r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
  }
};

void seed_mt(Interpreter& in, Mersenne& mt, const Value& s) {
  uint64_t mag;
  if (s.is_none()) {
    mag = uint64_t(in.hooks().wall_clock() * 1e6);
  } else if (s.is_int() || s.is_bool()) {
    int64_t v = s.as_int();
    mag = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
  } else if (s.is_float()) {
    mag = uint64_t(hash_double(s.as_float()) < 0 ? -hash_double(s.as_float()) : hash_double(s.as_float()));
  } else if (s.is(Kind::Str)) {
    mag = uint64_t(hash_bytes(s.as<Str>()->s));
  } else {
    in.raise("TypeError", "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
  }
  std::vector<uint32_t> key;
  while (mag) {
    key.push_back(uint32_t(mag));
    mag >>= 32;
  }
  if (key.empty()) key.push_back(0);
  mt.init_by_array(key);
}
}  // namespace

void sort_list(Interpreter& in, std::vector<Value>& items, const Value& key, bool reverse);

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
  in.set_attr(m, "version", in.new_str("3.11.7 (Loopscope)"));
  in.set_attr(m, "version_info", in.new_tuple({Value::integer(3), Value::integer(11), Value::integer(7), in.new_str("final"), Value::integer(0)}));
  in.set_attr(m, "platform", in.new_str("loopscope"));
  in.set_attr(m, "maxsize", Value::integer(INT64_MAX));
  in.set_attr(m, "path", in.new_list());
  in.set_attr(m, "byteorder", in.new_str("little"));
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

static void define_random_module(Interpreter& in, Module& m) {
  auto mt = std::make_shared<Mersenne>();
  seed_mt(in, *mt, Value());
  in.add_function(m, "seed", [mt](Interpreter& in, const Args& a) -> Value {
    seed_mt(in, *mt, a.size() ? a[0] : Value());
    return Value();
  });
  in.add_function(m, "random", [mt](Interpreter&, const Args&) -> Value { return Value::floating(mt->random()); });
  in.add_function(m, "getrandbits", [mt](Interpreter& in, const Args& a) -> Value {
    int64_t k = in.to_index(a[0]);
    if (k < 0) in.raise("ValueError", "number of bits must be non-negative");
    if (k > 63) in.raise("OverflowError", "getrandbits supports at most 63 bits in Loopscope");
    return Value::integer(int64_t(mt->getrandbits(int(k))));
  });
  auto randrange = [mt](Interpreter& in, int64_t start, const Value* stopv, int64_t step) -> Value {
    if (!stopv) {
      if (start > 0) return Value::integer(int64_t(mt->randbelow(uint64_t(start))));
      in.raise("ValueError", "empty range for randrange()");
    }
    int64_t stop = in.to_index(*stopv);
    int64_t width = stop - start;
    if (step == 1) {
      if (width > 0) return Value::integer(start + int64_t(mt->randbelow(uint64_t(width))));
      in.raise("ValueError", "empty range for randrange() (" + std::to_string(start) + ", " + std::to_string(stop) + ", " +
                                 std::to_string(width) + ")");
    }
    if (step == 0) in.raise("ValueError", "zero step for randrange()");
    int64_t n = step > 0 ? (width + step - 1) / step : (width + step + 1) / step;
    if (n <= 0) in.raise("ValueError", "empty range for randrange()");
    return Value::integer(start + step * int64_t(mt->randbelow(uint64_t(n))));
  };
  in.add_function(m, "randrange", [randrange](Interpreter& in, const Args& a) -> Value {
    if (a.size() < 1 || a.size() > 3) in.raise("TypeError", "randrange expected 1 to 3 arguments");
    return randrange(in, in.to_index(a[0]), a.size() > 1 && !a[1].is_none() ? &a[1] : nullptr,
                     a.size() > 2 ? in.to_index(a[2]) : 1);
  });
  in.add_function(m, "randint", [randrange](Interpreter& in, const Args& a) -> Value {
    if (a.size() != 2) in.raise("TypeError", "Random.randint() missing 1 required positional argument: 'b'");
    Value stop = Value::integer(in.to_index(a[1]) + 1);
    return randrange(in, in.to_index(a[0]), &stop, 1);
  });
  in.add_function(m, "choice", [mt](Interpreter& in, const Args& a) -> Value {
    int64_t n = in.len(a[0]);
    if (n == 0) in.raise("IndexError", "Cannot choose from an empty sequence");
    return in.getitem(a[0], Value::integer(int64_t(mt->randbelow(uint64_t(n)))));
  });
  in.add_function(m, "shuffle", [mt](Interpreter& in, const Args& a) -> Value {
    if (!a[0].is(Kind::List)) in.raise("TypeError", "shuffle() expects a list");
    auto& x = a[0].as<List>()->items;
    for (size_t i = x.size(); i-- > 1;) {
      size_t j = size_t(mt->randbelow(i + 1));
      std::swap(x[i], x[j]);
    }
    return Value();
  });
  in.add_function(m, "uniform", [mt](Interpreter& in, const Args& a) -> Value {
    double lo = in.to_double(a[0]), hi = in.to_double(a[1]);
    return Value::floating(lo + (hi - lo) * mt->random());
  });
  in.add_function(m, "sample", [mt](Interpreter& in, const Args& a) -> Value {
    std::vector<Value> pop = in.to_vector(a[0]);
    const Value* kv = a.get(1, "k");
    if (!kv) in.raise("TypeError", "Random.sample() missing 1 required positional argument: 'k'");
    int64_t k = in.to_index(*kv);
    int64_t n = int64_t(pop.size());
    if (k < 0 || k > n) in.raise("ValueError", "Sample larger than population or is negative");
    std::vector<Value> result(static_cast<size_t>(k));
    int64_t setsize = 21;
    if (k > 5) setsize += int64_t(std::pow(4.0, std::ceil(std::log(double(k * 3)) / std::log(4.0))));
    if (n <= setsize) {
      std::vector<Value> pool = pop;
      for (int64_t i = 0; i < k; ++i) {
        int64_t j = int64_t(mt->randbelow(uint64_t(n - i)));
        result[size_t(i)] = pool[size_t(j)];
        pool[size_t(j)] = pool[size_t(n - i - 1)];
      }
    } else {
      std::vector<bool> selected(size_t(n), false);
      for (int64_t i = 0; i < k; ++i) {
        int64_t j = int64_t(mt->randbelow(uint64_t(n)));
        while (selected[size_t(j)]) j = int64_t(mt->randbelow(uint64_t(n)));
        selected[size_t(j)] = true;
        result[size_t(i)] = pop[size_t(j)];
      }
    }
    return in.new_list(std::move(result));
  });
  in.add_function(m, "choices", [mt](Interpreter& in, const Args& a) -> Value {
    std::vector<Value> pop = in.to_vector(a[0]);
    const Value* w = a.get(1, "weights");
    const Value* kv = a.kw("k");
    int64_t k = kv ? in.to_index(*kv) : 1;
    double n = double(pop.size());
    std::vector<Value> out;
    if (!w || w->is_none()) {
      for (int64_t i = 0; i < k; ++i) out.push_back(pop[size_t(std::floor(mt->random() * n))]);
      return in.new_list(std::move(out));
    }
    std::vector<double> cum;
    double total = 0;
    for (auto& x : in.to_vector(*w)) cum.push_back(total += in.to_double(x));
    for (int64_t i = 0; i < k; ++i) {
      double r = mt->random() * total;
      size_t lo = 0, hi = cum.size() - 1;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r < cum[mid]) hi = mid;
        else lo = mid + 1;
      }
      out.push_back(pop[lo]);
    }
    return in.new_list(std::move(out));
  });
}

static void define_math_module(Interpreter& in, Module& m) {
  in.set_attr(m, "pi", Value::floating(kPi));
  in.set_attr(m, "e", Value::floating(2.718281828459045));
  in.set_attr(m, "tau", Value::floating(2 * kPi));
  in.set_attr(m, "inf", Value::floating(INFINITY));
  in.set_attr(m, "nan", Value::floating(NAN));
  auto f1 = [&](const char* name, double (*fn)(double)) {
    in.add_function(m, name, [fn, name](Interpreter& in, const Args& a) -> Value {
      if (a.size() != 1) in.raise("TypeError", std::string("math.") + name + "() takes exactly one argument (" + std::to_string(a.size()) + " given)");
      double r = fn(in.to_double(a[0]));
      if (std::isnan(r) && !std::isnan(in.to_double(a[0]))) in.raise("ValueError", "math domain error");
      return Value::floating(r);
    });
  };
  f1("sqrt", [](double x) { return x < 0 ? NAN : std::sqrt(x); });
  f1("exp", [](double x) { return std::exp(x); });
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
    for (size_t i = 0; i < a.size(); ++i) {
      int64_t x = std::llabs(in.to_index(a[i]));
      while (x) {
        int64_t t = g % x;
        g = x;
        x = t;
      }
    }
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
  register_module("random", define_random_module);
  register_module("math", define_math_module);
}

}  // namespace loopscope::script
