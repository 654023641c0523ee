# Plain calls `f(x, n - 1)` of Python functions: the interpreter binds them without evaluating
# anything that could run code. Each case below leaves that path for the general one, or relies
# on it holding the callee and the arguments for the whole call.
import sys
import traceback


def rebinds(n):
    global rebinds
    rebinds = None  # the running function's name rebound: the call still has its function
    return n + 1


print(rebinds(1), rebinds)


def countdown(n):
    if n == 0:
        return "done"
    return countdown(n - 1)


print(countdown(50))


def add(a, b=10):
    return a + b


x = 5
print(add(x), add(x, x - 1), add(b=1, a=2))


def outer(n):
    def inner(k):
        return n + k  # a closure cell: bound by the general path
    return inner(n - 1)


print(outer(4))


def big(n):
    return n * 4611686018427387904  # past 64 bits: not a small-int argument


print(big(big(3)))


def fails(n):
    return 10 // n


def calls_fails(n):
    return fails(n - 1)


try:
    calls_fails(1)
except ZeroDivisionError:
    print(traceback.format_exc())


def unbound_arg():
    return add(y, 1)  # y is unbound: NameError from the argument, not from the call


try:
    unbound_arg()
except NameError as e:
    print("NameError:", e)


def local_then_deleted(n):
    m = n
    del m
    return add(m)


try:
    local_then_deleted(3)
except UnboundLocalError as e:
    print("UnboundLocalError:", e)


def deep(n):
    return deep(n + 1)


sys.setrecursionlimit(200)
try:
    deep(0)
except RecursionError as e:
    print("RecursionError:", e)


def wrong_count(a, b):
    return a + b


try:
    wrong_count(1)
except TypeError as e:
    print("TypeError:", e)


def gen(n):
    yield n


print(list(gen(x - 2)))
print([countdown(i) for i in range(3)])
