import asyncio

async def worker(name, q, results):
    while True:
        n = await q.get()
        await asyncio.sleep(n / 10)
        results.append((name, n))
        q.task_done()

async def main():
    q = asyncio.Queue()
    results = []
    for n in [5, 1, 3, 2, 4]:
        q.put_nowait(n)
    workers = [asyncio.create_task(worker(f"w{i}", q, results)) for i in range(2)]
    await q.join()
    for w in workers:
        w.cancel()
    done = await asyncio.gather(*workers, return_exceptions=True)
    print(results)
    print([type(d).__name__ for d in done])

asyncio.run(main())
