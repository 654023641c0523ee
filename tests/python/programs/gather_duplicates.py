# asyncio.gather given the same awaitable twice awaits it once and repeats its result (CPython's
# arg_to_fut), and API misuse gets CPython's errors.
import asyncio
async def coro(x):
    await asyncio.sleep(0.01)
    return x
async def bad():
    await asyncio.sleep(0.01)
    raise ValueError("bad")
async def main():
    c = coro(1)
    t = asyncio.create_task(coro(2))
    print(await asyncio.gather(c, t, c, t, coro(3)))
    b = bad()
    print(await asyncio.gather(b, b, return_exceptions=True))
    f = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.01, f.set_result, "f")
    print(await asyncio.gather(f, f, f))
    print(await asyncio.gather())
asyncio.run(main())
