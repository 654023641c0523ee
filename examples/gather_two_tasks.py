import asyncio


async def task():
    print("Task started")
    await asyncio.sleep(2)
    print("Task completed")


async def main():
    await asyncio.gather(task(), task())


asyncio.run(main())
