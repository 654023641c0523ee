def risky(n):
    if n == 0:
        raise ValueError("zero!")
    if n == 1:
        return 1 / 0
    if n == 2:
        return [][5]
    if n == 3:
        return {}["k"]
    if n == 4:
        return undefined
    if n == 5:
        return "a" + 1
    return int("x")
for i in range(7):
    try:
        risky(i)
    except (ValueError, ZeroDivisionError) as e:
        print("A", type(e).__name__, e)
    except LookupError as e:
        print("B", type(e).__name__, e, repr(e))
    except Exception as e:
        print("C", type(e).__name__, e)
    else:
        print("no error")
    finally:
        print("finally", i)
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
try:
    raise AppError(42, "bad thing")
except AppError as e:
    print(e.code, e, e.args, repr(e))
try:
    try:
        raise KeyError("inner")
    except KeyError:
        raise
except KeyError as e:
    print("reraised", e)
def f():
    try:
        return "try"
    finally:
        print("cleanup")
print(f())
try:
    assert 1 == 2, "math broke"
except AssertionError as e:
    print("assert:", e)
print(issubclass(KeyError, LookupError), isinstance(ValueError(), Exception))
