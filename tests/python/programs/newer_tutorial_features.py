# Features of newer tutorials side by side: to_thread, asynccontextmanager, async comprehensions, dataclasses, f-string '=', walrus, Queue.join, TaskGroup.
import asyncio, time
from dataclasses import dataclass, field
from contextlib import asynccontextmanager

@dataclass
class Job:
    name: str
    cost: float = 0.01
    tags: list = field(default_factory=list)

def blocking(n):
    time.sleep(0.01)
    return n * 2

@asynccontextmanager
async def opened(name):
    print(f"open {name}")
    try:
        yield name.upper()
    finally:
        print(f"close {name}")

async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i

async def main():
    x = 5
    print(f"{x=} {x*2=:>5} {'a'!r:>6}")
    r = await asyncio.to_thread(blocking, 21)
    print("to_thread", r)
    async with opened("db") as h:
        print("handle", h)
    print([i async for i in agen(3)])
    if (n := len("hello")) > 3:
        print("walrus", n)
    jobs = [Job("a"), Job("b", 0.02, ["x"])]
    print(jobs[1], Job("a") == jobs[0])
    ev = asyncio.Event()
    async def waiter():
        await ev.wait()
        return "woke"
    t = asyncio.create_task(waiter())
    await asyncio.sleep(0)
    ev.set()
    print(await t)
    q = asyncio.Queue()
    async def worker(name):
        while True:
            item = await q.get()
            print(name, "got", item)
            q.task_done()
    ws = [asyncio.create_task(worker(f"w{i}")) for i in range(2)]
    for i in range(4):
        q.put_nowait(i)
    await q.join()
    for w in ws:
        w.cancel()
    res = await asyncio.gather(*ws, return_exceptions=True)
    print([type(r).__name__ for r in res])
    print(list(zip([1, 2], "ab", strict=True)), sorted({"b": 2, "a": 1}.items(), key=lambda kv: -kv[1]))
    print(*enumerate("xy", start=1), sep=" | ")
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(asyncio.sleep(0.01, result="one"))
    print(t1.result(), asyncio.current_task().get_name())
    print(f"{3.14159:.2f} {1234567:,} {0.25:%} {42:08b} {'x':*^7}")

asyncio.run(main())
