# contextlib: context managers from generators, sync and async, and the small ones.
import asyncio
from contextlib import aclosing, asynccontextmanager, closing, contextmanager, nullcontext, suppress


@contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")


@contextmanager
def swallow():
    try:
        yield
    except ValueError as e:
        print("swallowed", e)


@asynccontextmanager
async def connection(host):
    print("connect", host)
    await asyncio.sleep(0.01)
    try:
        yield {"host": host}
    finally:
        await asyncio.sleep(0.01)
        print("disconnect", host)


class Resource:
    def close(self):
        print("closed")


async def ticks():
    for i in range(3):
        yield i


async def main():
    with tag("b") as t:
        print("inside", t)
    with swallow():
        raise ValueError("bad")
    with suppress(KeyError, IndexError):
        [][1]
    with nullcontext(5) as five:
        print(five)
    with closing(Resource()):
        pass
    async with connection("db") as conn:
        print("using", conn)
    try:
        async with connection("api"):
            raise RuntimeError("boom")
    except RuntimeError as e:
        print("propagated", e)
    async with aclosing(ticks()) as t:
        async for i in t:
            print("tick", i)
            break
    print(tag.__name__, connection.__name__)
    try:
        with tag("x"):
            raise KeyError("k")
    except KeyError as e:
        print("key error passes through", e)


asyncio.run(main())
