# Built-in methods called through their class (`list.append(xs, 1)`, `map(str.upper, ...)`):
# the first argument must be an instance of the class, with CPython's messages when it is not.
class A:
    pass
for f, args in [(list.append, (A(), 1)), (dict.get, (A(), 1)), (str.upper, (A(),)), (list.__len__, (A(),)), (dict.keys, ([],)), (set.add, ({}, 1))]:
    try:
        print(f(*args))
    except TypeError as e:
        print("TypeError:", e)
print(list(map(str.upper, ["a", "b"])), sorted(["b", "A"], key=str.lower))
print(list.__len__([1, 2]), dict.get({"a": 1}, "a"), str.join(",", ["x", "y"]))
f = list.append
xs = []
f(xs, 3)
print(xs)
for call in [lambda: list.append(), lambda: list.__len__(), lambda: str.upper(5), lambda: Exception.__str__(A()),
             lambda: f(A(), 1), lambda: dict.keys([]), lambda: set.add({}, 1), lambda: getattr(list, "pop")(())]:
    try:
        print(call())
    except TypeError as e:
        print("TypeError:", e)
class E(ValueError):
    def __init__(self, msg):
        ValueError.__init__(self, msg)
        Exception.__init__(self, msg)
print(repr(E("boom")), object.__repr__(A())[:10])
