import asyncio

async def ok(n):
    await asyncio.sleep(0.01 * n)
    return n

async def fail(msg):
    await asyncio.sleep(0.005)
    raise KeyError(msg)

async def cancelled():
    await asyncio.sleep(1)

async def main():
    c = asyncio.create_task(cancelled())
    await asyncio.sleep(0)
    c.cancel()
    results = await asyncio.gather(ok(1), fail("k"), ok(2), c, return_exceptions=True)
    for r in results:
        print(type(r).__name__, repr(r))

asyncio.run(main())
