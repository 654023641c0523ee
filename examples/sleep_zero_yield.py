# await asyncio.sleep(0) gives every other ready task a turn: cooperative multitasking.
import asyncio


async def worker(name, steps):
    for i in range(steps):
        print(f"{name} step {i}")
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(worker("A", 3), worker("B", 3))


asyncio.run(main())
