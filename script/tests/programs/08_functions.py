def greet(name, greeting="Hello", *args, punct="!", **kwargs):
    return f"{greeting}, {name}{punct} {args} {kwargs}"
print(greet("Ann"))
print(greet("Bob", "Hi", 1, 2, punct="?", extra=True))
print(greet(*["Cy", "Yo"], **{"punct": "."}))
def outer():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c = outer(); c(); c()
print(c())
total = 0
def add(n):
    global total
    total += n
add(5); add(6); print(total)
square = lambda x: x * x
print(square(7), (lambda *a: sum(a))(1, 2, 3), list(map(lambda p: p[0], [(1, 2), (3, 4)])))
def make_multipliers():
    return [lambda x, i=i: x * i for i in range(3)]
print([m(10) for m in make_multipliers()])
def kwonly(a, *, b, c=3):
    return a + b + c
print(kwonly(1, b=2), kwonly(1, b=2, c=0))
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(10), rec.__name__, greet.__qualname__)
def deco(fn):
    def wrapper(*a, **k):
        print("calling", fn.__name__)
        return fn(*a, **k)
    return wrapper
@deco
def hello(x):
    return x + 1
print(hello(1))
