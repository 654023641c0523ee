# asyncio used wrongly: the errors CPython gives (a reused coroutine, a closed loop, a cancelled
# future set, an empty wait(), a negative Semaphore, task_done() too often...).
import asyncio
async def coro():
    await asyncio.sleep(0)
    return 1
async def main():
    c = coro()
    print(await c)
    try:
        await c
    except RuntimeError as e:
        print("RuntimeError:", e)
    t = asyncio.create_task(coro())
    print(await t, await t)
    print(t.cancel(), t.cancelled())
    c2 = coro()
    try:
        print(await asyncio.gather(c2, c2))
    except Exception as e:
        print(type(e).__name__, e)
    loop = asyncio.get_running_loop()
    try:
        loop.run_until_complete(coro())
    except RuntimeError as e:
        print("RuntimeError:", e)
    f = loop.create_future()
    f.cancel()
    try:
        f.result()
    except asyncio.CancelledError:
        print("cancelled future")
    try:
        f.set_result(3)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    try:
        asyncio.create_task(5)
    except TypeError as e:
        print("TypeError:", e)
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("ValueError:", e)
    try:
        await asyncio.sleep(-1)
        print("negative sleep ok")
    except Exception as e:
        print(type(e).__name__, e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)
    q = asyncio.Queue()
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)
    lock = asyncio.Lock()
    async with lock:
        print("locked", lock.locked())
    print("unlocked", lock.locked())
asyncio.run(main())
loop = asyncio.new_event_loop()
loop.close()
try:
    loop.run_until_complete(asyncio.sleep(0))
except RuntimeError as e:
    print("RuntimeError:", e)
print(loop.is_closed())
