nums = list(range(1, 11))
evens = list(filter(lambda n: n % 2 == 0, nums))
squares = list(map(lambda n: n ** 2, evens))
total = 0
for s in squares:
    total += s
print(evens, squares, total)
pairs = sorted(zip("cab", [3, 1, 2]), key=lambda p: p[1])
print(pairs, dict(pairs))
compose = lambda f, g: lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(5))
