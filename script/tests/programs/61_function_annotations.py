# Function annotations: evaluated where the function is defined, in signature order, then 'return'.
from functools import wraps
from typing import List, Optional

T = int


def outer():
    Local = str

    def inner(a: T, b: Local = "x", *args: float, c: "forward" = 1, **kw: bool) -> Optional[List[int]]:
        return None
    return inner


f = outer()
print(f.__annotations__)


def plain(x, y=1):
    return x


print(plain.__annotations__, (lambda q: q).__annotations__)
plain.__annotations__ = {"x": int}
print(plain.__annotations__)


def deco(fn):
    @wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k)
    return wrapper


@deco
async def fetch(url: str) -> dict:
    return {}

print(fetch.__annotations__, fetch.__name__)
try:
    def bad(x: undefined_name):
        pass
except NameError as e:
    print("NameError:", e)
