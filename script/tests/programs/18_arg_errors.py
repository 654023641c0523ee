def f(x, y):
    return x + y
x = 5
for call in [lambda: f(1), lambda: f(1, 2, 3), lambda: f(1, z=2), lambda: f(1, 2, x=3), lambda: x(), lambda: len(5), lambda: f()]:
    try:
        call()
    except TypeError as e:
        print(e)
class K:
    def m(self, a):
        pass
try:
    K().m()
except TypeError as e:
    print(e)
try:
    K(1)
except TypeError as e:
    print(e)
try:
    "abc".nope
except AttributeError as e:
    print(e)
try:
    K().nope
except AttributeError as e:
    print(e)
try:
    int("12x")
except ValueError as e:
    print(e)
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    a, b, c = [1]
except ValueError as e:
    print(e)
try:
    [1, 2].index(5)
except ValueError as e:
    print(e)
try:
    None.x
except AttributeError as e:
    print(e)
try:
    {1: 2}[[1]]
except TypeError as e:
    print(e)
try:
    1 < "a"
except TypeError as e:
    print(e)
