t = (1, 2, 3)
a, b, c = t
print(a, b, c, t[0], t[-1], t[1:], len(t), t.index(2), t.count(3))
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
x, (y, z) = 1, (2, 3)
print(first, rest, init, last, x, y, z)
a, b = b, a
print(a, b, (1,), (), tuple([1, 2]), (1, 2) + (3,), (1, 2) * 2)
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(i, k, v)
def f():
    return 1, "two", [3]
n, s, l = f()
print(n, s, l, f())
print(divmod(9, 4), max((1, "b"), (1, "a")), sorted([(2, "x"), (1, "y")]))
