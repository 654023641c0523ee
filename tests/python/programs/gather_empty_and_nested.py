import asyncio

async def leaf(x):
    await asyncio.sleep(0)
    return x * 2

async def branch(xs):
    return await asyncio.gather(*[leaf(x) for x in xs])

async def main():
    print(await asyncio.gather())
    print(await asyncio.gather(branch([1, 2]), branch([3]), branch([])))

asyncio.run(main())
