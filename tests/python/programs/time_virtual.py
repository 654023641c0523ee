import asyncio
import time


def about(seconds):
    # Quarter seconds, with room for CPython's real clock to run late on a busy machine
    # (up to ~0.2 s); Loopscope's virtual clock is exact either way.
    return int(seconds * 4 + 0.1) / 4


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    m0 = time.monotonic()
    await asyncio.sleep(1.5)
    print(about(loop.time() - t0), about(time.monotonic() - m0))
    time.sleep(0.5)
    print(about(loop.time() - t0))

asyncio.run(main())
