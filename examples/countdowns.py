import asyncio


async def countdown(name, n):
    while n > 0:
        print(f"{name}: {n}")
        await asyncio.sleep(1)
        n -= 1
    print(f"{name}: liftoff!")


async def main():
    a = asyncio.create_task(countdown("A", 3))
    b = asyncio.create_task(countdown("B", 2))
    await a
    await b


asyncio.run(main())
