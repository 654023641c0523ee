# Two tasks hand the loop to each other with await asyncio.sleep(0): task switches per second.
import asyncio
import time

N = 20000


async def player(n):
    for _ in range(n):
        await asyncio.sleep(0)


async def main():
    start = time.perf_counter()
    await asyncio.gather(player(N), player(N))
    elapsed = time.perf_counter() - start
    print(f"{2 * N / elapsed:.0f}")


asyncio.run(main())
