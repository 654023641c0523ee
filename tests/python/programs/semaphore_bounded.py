import asyncio

async def job(sem, n, active):
    async with sem:
        active.append(n)
        print("running", n, "active", len(active))
        # Different lengths, 50 ms apart: which job leaves first never depends on python3's
        # timer jitter.
        await asyncio.sleep(0.05 * (n + 1))
        active.remove(n)

async def main():
    sem = asyncio.Semaphore(2)
    active = []
    await asyncio.gather(*(job(sem, i, active) for i in range(5)))
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)
    print(sem.locked(), b.locked())

asyncio.run(main())
