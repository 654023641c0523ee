# Bases a class cannot have: CPython refuses bool, range, generator... with one message, and
# type() with three arguments checks what it is given.
for make in [lambda: type('X', (1,), {}), lambda: type('X', [object], {}), lambda: type('X', (object,), []),
             lambda: type(1, (object,), {}), lambda: type('X', (bool,), {}), lambda: type('X', (object,), {'a': 1}).a]:
    try:
        print(make())
    except TypeError as e:
        print("TypeError:", e)
try:
    class B(bool):
        pass
except TypeError as e:
    print(e)
try:
    class G(type(x for x in [])):
        pass
except TypeError as e:
    print(e)
try:
    class R(range):
        pass
except TypeError as e:
    print(e)
