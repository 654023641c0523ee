import asyncio
import time

async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    m0 = time.monotonic()
    await asyncio.sleep(1.5)
    print(round(loop.time() - t0, 1), round(time.monotonic() - m0, 1))
    time.sleep(0.5)
    print(round(loop.time() - t0, 1))

asyncio.run(main())
