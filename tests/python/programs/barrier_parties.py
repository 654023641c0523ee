import asyncio

async def party(barrier, n):
    await asyncio.sleep(n * 0.1)
    print("arrived", n)
    idx = await barrier.wait()
    print("passed", n)

async def main():
    barrier = asyncio.Barrier(3)
    await asyncio.gather(*(party(barrier, n) for n in range(3)))
    print(barrier.parties, barrier.n_waiting, barrier.broken)

asyncio.run(main())
