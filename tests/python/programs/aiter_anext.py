# aiter() and anext() (with and without a default) on async generators and async iterator classes.
import asyncio


async def gen():
    for i in range(3):
        yield i
        await asyncio.sleep(0)


class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def main():
    g = gen()
    print(await g.__anext__(), await anext(g), await anext(g), await anext(g, "done"))
    async for x in aiter(Countdown(2)):
        print(x)
    c = aiter(Countdown(1))
    print(await anext(c), await anext(c, None))
    print([x async for x in gen() if x])
    for bad in (lambda: aiter(5), lambda: anext(5), lambda: anext([1])):
        try:
            bad()
        except TypeError as e:
            print(e)
    try:
        await anext(Countdown(0))
    except StopAsyncIteration:
        print("stop")


asyncio.run(main())
