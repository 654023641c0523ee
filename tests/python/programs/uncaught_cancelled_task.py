# A task cancelled while it sleeps, awaited by main and not caught: the traceback passes through
# every coroutine's await, innermost last, as CPython prints it.
import asyncio


async def slow():
    await asyncio.sleep(10)


async def middle():
    await slow()


async def main():
    task = asyncio.create_task(middle())
    await asyncio.sleep(0.01)
    task.cancel()
    print("cancelled:", task.cancel())
    await task


asyncio.run(main())
