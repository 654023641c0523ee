// The random module: CPython's Mersenne Twister and its algorithms for every draw, so that a
// seeded program draws the same numbers as under python3. As in CPython, the module's functions
// are the bound methods of one hidden Random instance, and random.Random(seed) makes another
// generator with its own state.
#include <cmath>
#include <memory>

#include "runtime.hpp"

namespace loopscope::script {

namespace {
constexpr double kTwoPi = 2 * 3.141592653589793;

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

// An instance of random.Random: a generator and gauss()'s second value, as CPython's keeps.
class RandomObj : public NativeObject {
 public:
  explicit RandomObj(ClassObj* c) : NativeObject(c) {}
  Mersenne mt;
  double gauss_next = 0;
  bool has_gauss_next = false;
};

RandomObj* self_of(const Args& a) { return static_cast<RandomObj*>(a[0].obj()); }
Mersenne* gen(const Args& a) { return &self_of(a)->mt; }

// A method's arguments after self, so each reads its own as a[0], a[1]...
Args after_self(const Args& a) {
  Args rest = a;
  ++rest.pos;
  --rest.npos;
  return rest;
}

double float_arg(Interpreter& in, const Args& a, size_t i, const char* name, double fallback) {
  const Value* v = a.get(i, name);
  return v ? in.to_double(*v) : fallback;
}

// A parameter without a default: CPython's TypeError names the method and the parameter.
double required_float(Interpreter& in, const Args& a, size_t i, const char* name, const char* method) {
  const Value* v = a.get(i, name);
  if (!v) in.raise("TypeError", std::string("Random.") + method + "() missing 1 required positional argument: '" + name + "'");
  return in.to_double(*v);
}

// CPython's Random.normalvariate (Kinderman and Monahan's ratio method).
double normalvariate(Mersenne& mt, double mu, double sigma) {
  static const double kMagic = 4 * std::exp(-0.5) / std::sqrt(2.0);
  double z;
  for (;;) {
    double u1 = mt.random();
    double u2 = 1.0 - mt.random();
    z = kMagic * (u1 - 0.5) / u2;
    if (z * z / 4.0 <= -std::log(u2)) break;
  }
  return mu + z * sigma;
}

void define_distributions(Interpreter& in, const std::function<void(const char*, NativeFn)>& method) {
  method("gauss", [](Interpreter& in, const Args& self_a) -> Value {
    RandomObj* self = self_of(self_a);
    const Args a = after_self(self_a);
    double mu = float_arg(in, a, 0, "mu", 0.0), sigma = float_arg(in, a, 1, "sigma", 1.0);
    double z = self->gauss_next;
    if (!self->has_gauss_next) {  // Box-Muller: two values, the second kept for the next call
      double x2pi = self->mt.random() * kTwoPi;
      double g2rad = std::sqrt(-2.0 * std::log(1.0 - self->mt.random()));
      z = std::cos(x2pi) * g2rad;
      self->gauss_next = std::sin(x2pi) * g2rad;
      self->has_gauss_next = true;
    } else {
      self->has_gauss_next = false;
    }
    return Value::floating(mu + z * sigma);
  });
  method("normalvariate", [](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    return Value::floating(normalvariate(*gen(self_a), float_arg(in, a, 0, "mu", 0.0), float_arg(in, a, 1, "sigma", 1.0)));
  });
  method("lognormvariate", [](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    double mu = required_float(in, a, 0, "mu", "lognormvariate"), sigma = required_float(in, a, 1, "sigma", "lognormvariate");
    return Value::floating(std::exp(normalvariate(*gen(self_a), mu, sigma)));
  });
  method("expovariate", [](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    double lambd = required_float(in, a, 0, "lambd", "expovariate");
    double u = gen(self_a)->random();
    if (lambd == 0) in.raise("ZeroDivisionError", "float division by zero");
    return Value::floating(-std::log(1.0 - u) / lambd);
  });
  method("triangular", [](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    double low = float_arg(in, a, 0, "low", 0.0), high = float_arg(in, a, 1, "high", 1.0);
    const Value* mode = a.get(2, "mode");
    double u = gen(self_a)->random();
    if (high == low) return Value::floating(low);  // CPython: the ZeroDivisionError, caught
    double c = !mode || mode->is_none() ? 0.5 : (in.to_double(*mode) - low) / (high - low);
    if (u > c) {
      u = 1.0 - u;
      c = 1.0 - c;
      std::swap(low, high);
    }
    return Value::floating(low + (high - low) * std::sqrt(u * c));
  });
  method("paretovariate", [](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    double alpha = required_float(in, a, 0, "alpha", "paretovariate");
    double u = 1.0 - gen(self_a)->random();
    if (alpha == 0) in.raise("ZeroDivisionError", "float division by zero");
    return Value::floating(std::pow(u, -1.0 / alpha));
  });
  method("weibullvariate", [](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    double alpha = required_float(in, a, 0, "alpha", "weibullvariate"), beta = required_float(in, a, 1, "beta", "weibullvariate");
    double u = 1.0 - gen(self_a)->random();
    if (beta == 0) in.raise("ZeroDivisionError", "float division by zero");
    return Value::floating(alpha * std::pow(-std::log(u), 1.0 / beta));
  });
}
}  // namespace

void define_random_module(Interpreter& in, Module& m) {
  Ref<ClassObj> cls = in.new_class("Random", "random");
  in.set_constructor(*cls, [](Interpreter& in, ClassObj* c, const Args& a) -> Value {
    if (a.size() > 1) in.raise("TypeError", "Random.__init__() takes from 1 to 2 positional arguments but " + std::to_string(a.size() + 1) + " were given");
    auto* r = new RandomObj(c);
    Value self(r);
    seed_mt(in, r->mt, a.size() ? a[0] : Value());
    return self;
  });
  in.set_attr(m, "Random", Value(cls.get()));
  Value hidden(new RandomObj(cls.get()));  // the module's own generator: random.seed(), random.random()...
  seed_mt(in, static_cast<RandomObj*>(hidden.obj())->mt, Value());
  in.set_attr(m, "_inst", hidden);
  auto method = [&](const char* name, NativeFn fn) {
    in.add_method(*cls, name, std::move(fn));
    in.set_attr(m, name, in.getattr(hidden, name));
  };
  method("seed", [](Interpreter& in, const Args& self_a) -> Value {
    Mersenne* mt = gen(self_a);
    const Args a = after_self(self_a);
    self_of(self_a)->has_gauss_next = false;
    seed_mt(in, *mt, a.size() ? a[0] : Value());
    return Value();
  });
  method("random", [](Interpreter&, const Args& self_a) -> Value { return Value::floating(gen(self_a)->random()); });
  method("getrandbits", [](Interpreter& in, const Args& self_a) -> Value {
    Mersenne* mt = gen(self_a);
    const Args a = after_self(self_a);
    int64_t k = in.to_index(a[0]);
    if (k < 0) in.raise("ValueError", "number of bits must be non-negative");
    if (k > 63) in.raise("OverflowError", "getrandbits supports at most 63 bits in Loopscope");
    return Value::integer(int64_t(mt->getrandbits(int(k))));
  });
  auto randrange = [](Interpreter& in, Mersenne* mt, int64_t start, const Value* stopv, int64_t step) -> Value {
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
  method("randrange", [randrange](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    if (a.size() < 1 || a.size() > 3) in.raise("TypeError", "randrange expected 1 to 3 arguments");
    return randrange(in, gen(self_a), in.to_index(a[0]), a.size() > 1 && !a[1].is_none() ? &a[1] : nullptr,
                     a.size() > 2 ? in.to_index(a[2]) : 1);
  });
  method("randint", [randrange](Interpreter& in, const Args& self_a) -> Value {
    const Args a = after_self(self_a);
    if (a.size() != 2) in.raise("TypeError", "Random.randint() missing 1 required positional argument: 'b'");
    Value stop = Value::integer(in.to_index(a[1]) + 1);
    return randrange(in, gen(self_a), in.to_index(a[0]), &stop, 1);
  });
  method("choice", [](Interpreter& in, const Args& self_a) -> Value {
    Mersenne* mt = gen(self_a);
    const Args a = after_self(self_a);
    int64_t n = in.len(a[0]);
    if (n == 0) in.raise("IndexError", "Cannot choose from an empty sequence");
    return in.getitem(a[0], Value::integer(int64_t(mt->randbelow(uint64_t(n)))));
  });
  method("shuffle", [](Interpreter& in, const Args& self_a) -> Value {
    Mersenne* mt = gen(self_a);
    const Args a = after_self(self_a);
    if (!a[0].is(Kind::List)) in.raise("TypeError", "shuffle() expects a list");
    auto& x = a[0].as<List>()->items;
    for (size_t i = x.size(); i-- > 1;) {
      size_t j = size_t(mt->randbelow(i + 1));
      std::swap(x[i], x[j]);
    }
    return Value();
  });
  method("uniform", [](Interpreter& in, const Args& self_a) -> Value {
    Mersenne* mt = gen(self_a);
    const Args a = after_self(self_a);
    double lo = in.to_double(a[0]), hi = in.to_double(a[1]);
    return Value::floating(lo + (hi - lo) * mt->random());
  });
  method("sample", [](Interpreter& in, const Args& self_a) -> Value {
    Mersenne* mt = gen(self_a);
    const Args a = after_self(self_a);
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
  method("choices", [](Interpreter& in, const Args& self_a) -> Value {
    Mersenne* mt = gen(self_a);
    const Args a = after_self(self_a);
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
  define_distributions(in, method);
}

}  // namespace loopscope::script
