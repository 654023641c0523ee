import asyncio

async def work(n):
    await asyncio.sleep(n / 10)
    return n

async def main():
    for coro in asyncio.as_completed([work(3), work(1), work(2)]):
        print("finished", await coro)

asyncio.run(main())
