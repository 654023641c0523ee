# Tracebacks of exceptions that pass through many Python calls and are caught, re-raised,
# handled by with/finally/except*, or leave comprehensions, generators and sorted() keys:
# each frame's line must be the one CPython prints.
import asyncio


def leaf(x):
    if x > 2:
        raise ValueError(f"bad {x}")
    return x


def middle(x):
    return leaf(x) + 1


def outer(x):
    total = 0
    for i in range(x):
        total += middle(i)
    return total


def reraise(x):
    try:
        return outer(x)
    except ValueError:
        print("reraising")
        raise


def raise_again(x):
    try:
        outer(x)
    except ValueError as e:
        raise e


def chained(x):
    try:
        outer(x)
    except ValueError as e:
        raise RuntimeError("while computing") from e


def finally_calls(x):
    try:
        return outer(x)
    finally:
        print("finally", middle(1))


class Manager:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        print("exit sees", exc[0].__name__, middle(0))
        return False


def with_calls(x):
    with Manager():
        return outer(x)


def in_comprehension(x):
    return [middle(i) for i in range(x)]


def gen(x):
    for i in range(x):
        yield middle(i)


def by_key(x):
    return sorted(range(x), key=lambda i: middle(i))


def star(x):
    try:
        outer(x)
    except* ValueError as g:
        print("except* got", repr(g.exceptions[0]))
        raise


async def task_body(x):
    await asyncio.sleep(0)
    return outer(x)


async def awaiting(x):
    return await asyncio.create_task(task_body(x))


def show(f, x):
    try:
        f(x)
    except Exception as e:
        print(type(e).__name__, e)
    print("depth ok", middle(0))


for f in (reraise, raise_again, chained, finally_calls, with_calls, in_comprehension,
          lambda x: list(gen(x)), by_key, star):
    show(f, 5)
try:
    asyncio.run(awaiting(5))
except ValueError as e:
    print("from the task:", e)
print(sum(gen(2)), by_key(3))
for f in (reraise, raise_again, chained, finally_calls, with_calls, in_comprehension, by_key):
    try:
        f(6)
    except Exception:
        pass
asyncio.run(awaiting(4))
