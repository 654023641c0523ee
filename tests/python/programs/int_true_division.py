# int / int as CPython: correctly rounded however big the operands (10**400 / 10**399 was nan),
# OverflowError past the float range, and float() of a huge int raises instead of giving inf.
import random
random.seed(7)
cases = [(10**400, 10**399), (2**10000, 3), (1, 3), (-7, 2), (2**53 + 1, 1), (2**63 - 1, 3), (-(2**63), 7), (10**30, 7),
         (7, 10**30), (-(10**50), 3 * 10**49), (1, 10**400), (10**308 * 9, 1), (2**1023 * 3, 2), (12345678901234567891, 10)]
for a, b in cases:
    try:
        print(a / b if abs(a) < 10**40 else "big", "->", repr(a / b))
    except OverflowError as e:
        print("OverflowError:", e)
ok = 0
for _ in range(3000):
    a = random.randint(-10**15, 10**15) * 10**random.randint(0, 45) + random.randint(0, 10**15)
    b = (random.randint(1, 10**15) * 10**random.randint(0, 45) + random.randint(0, 999)) * random.choice([1, -1])
    r = repr(a / b)
    ok = (ok * 31 + sum(map(ord, r))) % 1000000007  # a digest of all 3000 reprs
print(ok, [repr((random.randint(1, 10**15) * 10**25 + 12345) / (random.randint(1, 10**15) * 10**5 + 7)) for _ in range(5)])
for v in [10**400, -(10**400), 10**308, 2**1024, 2**1024 - 2**970]:
    try:
        print(float(v))
    except OverflowError as e:
        print("OverflowError:", e)
try:
    print(10**400 * 1.5)
except OverflowError as e:
    print("OverflowError:", e)
print(float(2**1024 - 2**971), 2**64 / 2**10, (3**200) / (3**199))
