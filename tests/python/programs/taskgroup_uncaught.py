# An uncaught TaskGroup failure: the exception group printed as CPython draws it.
import asyncio

async def fail(n):
    await asyncio.sleep(0.01)
    raise ValueError(f"task {n} failed")

async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fail(1))
        tg.create_task(fail(2))
    print("not reached")

asyncio.run(main())
