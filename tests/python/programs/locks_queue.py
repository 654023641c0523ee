import asyncio

async def producer(q, n):
    for i in range(n):
        await q.put(i)
        print("put", i)
    await q.put(None)

async def consumer(q, lock, log):
    while True:
        item = await q.get()
        if item is None:
            break
        async with lock:
            log.append(item)
            print("got", item)
            await asyncio.sleep(0.01)

async def main():
    q = asyncio.Queue(maxsize=2)
    lock = asyncio.Lock()
    log = []
    await asyncio.gather(producer(q, 5), consumer(q, lock, log))
    print(log, lock.locked(), q.empty())

asyncio.run(main())
