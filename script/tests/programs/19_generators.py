def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"
g = count_up(3)
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
out = []
for x in fib():
    if x > 50:
        break
    out.append(x)
print(out)
def echo():
    received = yield "ready"
    while received:
        received = yield f"got {received}"
e = echo()
print(next(e), e.send("a"), e.send("b"))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(2))))
squares = (x * x for x in range(5))
print(sum(squares), list(x for x in "abc" if x != "b"))
def trace():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")
for v in trace():
    print("v", v)
def nested():
    for i in range(3):
        for j in range(2):
            if (i + j) % 2 == 0:
                yield (i, j)
print(list(nested()))
