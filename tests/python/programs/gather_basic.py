import asyncio

async def task(n):
    print("start", n)
    await asyncio.sleep(n / 10)
    print("end", n)
    return n * 10

async def main():
    t = asyncio.create_task(task(2))
    r = await asyncio.gather(task(1), t, task(3))
    print(r, t)
    print(asyncio.current_task().get_name())

asyncio.run(main())
