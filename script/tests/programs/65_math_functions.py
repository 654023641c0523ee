import math
print(math.sinh(1), math.cosh(1), math.tanh(0.5), math.asinh(1), math.acosh(2), math.atanh(0.5))
print(math.log1p(1e-10), math.expm1(1e-10), math.exp2(10), math.cbrt(27), math.erf(0.5), math.erfc(0.5))
print(math.copysign(3, -0.0), math.fmod(7, 3), math.fmod(-7, 3))
print(math.remainder(7, 3), math.ldexp(0.75, 4), math.frexp(12.0), math.modf(-3.25), math.dist((0, 0), (3, 4)))
print(math.isqrt(10**12 + 7), math.isqrt(0), math.comb(5, 2), math.comb(60, 30), math.perm(5, 2), math.perm(4), math.lcm(4, 6, 10), math.lcm())
print(math.ulp(1.0), math.nextafter(1.0, 2.0), math.comb(3, 5), math.perm(3, 5), math.comb(100, 50))
for f in (lambda: math.exp(1000), lambda: math.cosh(1000), lambda: math.atanh(1), lambda: math.log1p(-1), lambda: math.acosh(0),
          lambda: math.fmod(1, 0),
          lambda: math.remainder(1, 0), lambda: math.ldexp(1.0, 5000), lambda: math.isqrt(-1), lambda: math.comb(-1, 2),
          lambda: math.perm(5, -1), lambda: math.dist((1,), (1, 2)), lambda: math.sqrt(-1)):
    try:
        print(f())
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
