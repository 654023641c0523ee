# asyncio.to_thread, Task.get_coro, a coroutine's __name__, and smaller corners of the toolbox.
import asyncio
import time

def blocking(n):
    time.sleep(0.01)
    return n * 2

async def main():
    r = await asyncio.to_thread(blocking, 21)
    print("to_thread", r)
    q = asyncio.Queue()
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("empty", q.empty(), q.qsize())
    ev = asyncio.Event()
    ev.set(); ev.clear()
    print(ev.is_set())
    cond = asyncio.Condition()
    state = {"ready": False}
    async def setter():
        await asyncio.sleep(0.01)
        async with cond:
            state["ready"] = True
            cond.notify_all()
    asyncio.create_task(setter())
    async with cond:
        await cond.wait_for(lambda: state["ready"])
    print("ready", state)
    sem = asyncio.Semaphore(1)
    async with sem:
        print("sem locked", sem.locked())
    await asyncio.sleep(-1)
    async with asyncio.timeout(None) as cm:
        cm.reschedule(asyncio.get_running_loop().time() + 10)
        print("deadline set", cm.when() is not None)
    t = asyncio.create_task(asyncio.sleep(0.01))
    print(t.get_coro().__name__ if hasattr(t.get_coro(), "__name__") else "coro", len(asyncio.all_tasks()))
    await t
    print(asyncio.iscoroutinefunction(main), asyncio.iscoroutine(main()), asyncio.isfuture(t))

asyncio.run(main())


async def not_a_loop():
    print(asyncio.all_tasks(5))

asyncio.run(not_a_loop())
