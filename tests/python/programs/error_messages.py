# The messages of the errors a learner meets most, caught and printed (type and text).
import asyncio


def show(label, thunk):
    try:
        thunk()
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")


async def show_async(label, coro_fn):
    try:
        await coro_fn()
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")


async def hello():
    return "hi"


async def main():
    await show_async("sleep()", lambda: asyncio.sleep())
    await show_async("sleep('x')", lambda: asyncio.sleep("x"))
    try:
        asyncio.create_task(hello)
    except TypeError as e:
        print("create_task(function):", str(e).split(" at ")[0])
    await show_async("gather(5)", lambda: asyncio.gather(5))
    await show_async("wait_for(5)", lambda: asyncio.wait_for(5, 1))
    q = asyncio.Queue()
    show("get_nowait", q.get_nowait)
    show("put_nowait full", lambda: (asyncio.Queue(1).put_nowait(1), None)[1])
    full = asyncio.Queue(1)
    full.put_nowait(1)
    show("put_nowait full", lambda: full.put_nowait(2))
    show("Lock.release", asyncio.Lock().release)
    show("Semaphore(-1)", lambda: asyncio.Semaphore(-1))
    show("BoundedSemaphore.release", asyncio.BoundedSemaphore(1).release)
    show("task_done", q.task_done)
    fut = asyncio.get_running_loop().create_future()
    show("result of pending future", fut.result)
    show("exception of pending future", fut.exception)
    fut.set_result(1)
    show("set_result twice", lambda: fut.set_result(2))
    t = asyncio.create_task(hello())
    show("result of pending task", t.result)
    show("set_result on a task", lambda: t.set_result(1))
    await t
    # (no coroutine objects here: when an unawaited one is freed depends on what holds it)
    show("run inside a loop", lambda: asyncio.run(None))
    show("run_until_complete inside a loop",
         lambda: asyncio.get_running_loop().run_until_complete(fut))
    show("'a' * 'b'", lambda: "a" * "b")
    show("[1] * 2.5", lambda: [1] * 2.5)
    show("zip(1)", lambda: zip(1))
    show("int('x')", lambda: int("x"))
    show("{}['k']", lambda: {}["k"])
    show("None.attr", lambda: None.attr)
    show("len(5)", lambda: len(5))
    show("hello(1)", lambda: hello(1))
    await show_async("await 5", lambda: _await(5))


async def _await(x):
    return await x


asyncio.run(main())
