# id() of values that are not objects here (ints, floats): an int, the same for the same value,
# for any hash (hash(1.5) * 32 once overflowed). Made from the hash, so values with equal hashes
# (0 and 2**61 - 1) share one: not compared here.
values = [1.5, -1.5, 10**30, -(10**30), 2**61 - 1, 0, -1, float("inf"), "text", None, True]
ids = [id(v) for v in values]
print(all(type(i) is int for i in ids), [id(v) == i for v, i in zip(values, ids)])
print(id(1.5) != id(2.5), id(7) != id(8), id(-1) != id(1))
