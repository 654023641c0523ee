# functools: partial, wraps, reduce, lru_cache, cache and total_ordering.
import asyncio
import time
from functools import cache, lru_cache, partial, reduce, total_ordering, wraps


def timed(func):
    @wraps(func)
    async def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = await func(*args, **kwargs)
        print(f"{func.__name__} took at least 0.05 s: {time.perf_counter() - start >= 0.05}")
        return result
    return wrapper


@timed
async def fetch(url, delay=0.05):
    """Fetch a page."""
    await asyncio.sleep(delay)
    return url.upper()


def power(base, exponent):
    return base ** exponent


@lru_cache(maxsize=2)
def square(n):
    print("computing", n)
    return n * n


@cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@total_ordering
class Version:
    def __init__(self, major, minor):
        self.major, self.minor = major, minor

    def __eq__(self, other):
        return (self.major, self.minor) == (other.major, other.minor)

    def __lt__(self, other):
        return (self.major, self.minor) < (other.major, other.minor)


async def main():
    print(await fetch("a"), fetch.__name__, fetch.__doc__, fetch.__wrapped__.__name__)
    square_of = partial(power, exponent=2)
    cube = partial(power, exponent=3)
    print(square_of(4), cube(2), partial(power, 2)(5), square_of.args, square_of.keywords)
    print(reduce(lambda a, b: a * b, range(1, 6)), reduce(lambda a, b: a + b, [], 0))
    try:
        reduce(max, [])
    except TypeError as e:
        print(e)
    print(square(3), square(3), square(4), square(5), square(3))
    print(square.cache_info())
    print(fib(30), fib.cache_info())
    print(Version(1, 2) < Version(1, 3), Version(2, 0) >= Version(1, 9), Version(1, 0) <= Version(1, 0), Version(3, 1) > Version(3, 2))
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, partial(power, 2, 10)))


asyncio.run(main())


def plain():
    pass


plain.extra = 1


@wraps(plain)
def wrapped_plain():
    pass


print(wrapped_plain.extra, wrapped_plain.__wrapped__ is plain)
