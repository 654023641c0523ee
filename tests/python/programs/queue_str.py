# print(queue): asyncio's str() of a queue shows its size limit, items, waiters and unfinished tasks.
import asyncio

class Jobs(asyncio.Queue):
    pass

async def main():
    q = asyncio.Queue(maxsize=2)
    print(q, str(q))
    await q.put("a")
    await q.put(("b", 2))
    print(q)
    async def putter():
        await q.put("c")
    t = asyncio.create_task(putter())
    await asyncio.sleep(0)
    print(q)
    print(q.get_nowait(), q)
    q.task_done()
    await asyncio.sleep(0)
    print(q)
    e = asyncio.Queue()
    async def getter():
        return await e.get()
    g = asyncio.create_task(getter())
    await asyncio.sleep(0)
    print(e)
    e.put_nowait(1)
    await g
    print(e)
    pq = asyncio.PriorityQueue()
    for x in [5, 1, 3]:
        pq.put_nowait(x)
    print(pq)
    lq = asyncio.LifoQueue()
    lq.put_nowait(1); lq.put_nowait(2)
    print(lq)
    print(Jobs())
    print(repr(q).startswith("<Queue at 0x"), repr(q).split(" ", 3)[3])

asyncio.run(main())
