import asyncio

async def worker(n):
    await asyncio.sleep(0.1)
    await asyncio.sleep(n)
    return n

async def main():
    t = asyncio.create_task(worker(1))
    print(t)
    await asyncio.sleep(0.2)
    print(t)
    await t
    print(t)

asyncio.run(main())
