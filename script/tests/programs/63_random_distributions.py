import random
random.seed(42)
print(random.random(), random.randint(1, 100), random.choice("abcdef"), random.uniform(1, 2))
l = list(range(10)); random.shuffle(l); print(l)
print(random.sample(range(100), 5), random.gauss(0, 1), random.gauss(5, 2), random.gauss())
print(random.normalvariate(0, 1), random.lognormvariate(0, 0.5), random.expovariate(1.5))
print(random.triangular(), random.triangular(0, 10, 2), random.paretovariate(3), random.weibullvariate(1, 2))
print(random.choices("abc", k=4), random.choices("abc", weights=[1, 5, 1], k=4), random.randrange(0, 100, 7))
r = random.Random(7)
r2 = random.Random(7)
print(r.random() == r2.random(), r.randint(1, 6), [r2.randint(1, 6)], r.gauss(), r.sample([1, 2, 3], 2))
print(random.random())
r.seed(3); print(r.random(), r.gauss(1, 1))
print(type(r).__name__, isinstance(r, random.Random))
rng = random.Random()
print(0 <= rng.random() < 1)
for f in (lambda: random.Random(1, 2), lambda: random.expovariate(), lambda: random.lognormvariate(0), lambda: random.triangular(1, 1), lambda: random.Random("x").random() >= 0):
    try:
        print(f())
    except TypeError as e:
        print("TypeError", e)
