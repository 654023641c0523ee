s = {3, 1, 2}
s.add(5); s.discard(10); s.add(1)
print(s, len(s), 2 in s, set(), {10, 3, 7, 1})
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.issubset({1, 2, 3, 4, 5}), {1} < a)
s.remove(5); print(s, s.pop(), s)
print(sorted({5, 9, 1, 33, 17}), set([1, 1, 2]), frozenset([2, 1]), {x % 3 for x in range(10)})
t = set(range(20)); print(t)
t.update([100, 50]); print(t)
