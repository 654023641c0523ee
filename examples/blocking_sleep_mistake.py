# The classic mistake: time.sleep() inside a coroutine blocks the whole event loop, so the
# "concurrent" tasks run one after another; asyncio.sleep() lets them overlap.
import asyncio
import time


async def blocking(name):
    print(f"{name} starts (time.sleep)")
    time.sleep(1)  # blocks the loop: nothing else can run
    print(f"{name} ends")


async def cooperative(name):
    print(f"{name} starts (asyncio.sleep)")
    await asyncio.sleep(1)  # suspends this task only
    print(f"{name} ends")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(blocking("A"), blocking("B"), blocking("C"))
    print(f"blocking: {loop.time() - start:.0f} s")
    start = loop.time()
    await asyncio.gather(cooperative("A"), cooperative("B"), cooperative("C"))
    print(f"cooperative: {loop.time() - start:.0f} s")


asyncio.run(main())
