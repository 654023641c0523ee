import asyncio

async def main():
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b")]:
        pq.put_nowait(item)
    print([await pq.get() for _ in range(3)])
    lq = asyncio.LifoQueue()
    for i in range(3):
        await lq.put(i)
    print([lq.get_nowait() for _ in range(3)])
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("x")
    try:
        q.put_nowait("y")
    except asyncio.QueueFull:
        print("full", q.full(), q.qsize(), q.maxsize)
    q.get_nowait()
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("empty", q.empty())

asyncio.run(main())
