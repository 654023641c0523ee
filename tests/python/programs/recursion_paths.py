# Runaway recursion through the interpreter's heavier call paths (a class call running __init__,
# repr() running __repr__, a sorted() key, keyword arguments, comprehensions, yield from) ends
# in a RecursionError that the program can catch. The JS API's default recursion limit must stop
# each of them before the JS engine's stack runs out (tests/node, tests/browser run this file).


class Node:
    def __init__(self, n):
        self.child = Node(n + 1)


class R:
    def __init__(self, n):
        self.n = n

    def __repr__(self):
        return repr(R(self.n + 1))


def by_key(n):
    return sorted([1], key=lambda x: by_key(n + 1))


def by_keywords(n, *, step=1, **extra):
    return by_keywords(n + step, step=step, **extra)


def by_comprehension(n):
    return [by_comprehension(n + 1) for _ in range(1)]


def by_generator(n):
    yield from by_generator(n + 1)


paths = [
    ("__init__", lambda: Node(0)),
    ("__repr__", lambda: repr(R(0))),
    ("sorted key", lambda: by_key(0)),
    ("keywords", lambda: by_keywords(0, extra=1)),
    ("comprehension", lambda: by_comprehension(0)),
    ("yield from", lambda: list(by_generator(0))),
]
for name, run in paths:
    try:
        run()
    except RecursionError:
        print(name, "-> RecursionError")
print("still running")
