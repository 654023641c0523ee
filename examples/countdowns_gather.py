# Two countdowns run concurrently as tasks, then again with asyncio.gather().
import asyncio


async def countdown(name, n):
    while n > 0:
        print(f"{name}: {n}")
        await asyncio.sleep(1)
        n -= 1
    print(f"{name}: done")


async def main():
    task1 = asyncio.create_task(countdown("first", 3))
    task2 = asyncio.create_task(countdown("second", 2))
    await task1
    await task2
    await asyncio.gather(countdown("third", 2), countdown("fourth", 1))


asyncio.run(main())
