# Future.add_done_callback / remove_done_callback: removed callbacks never run; the count says
# how many were removed (a callback added twice counts twice).
import asyncio


def report(name):
    def callback(fut):
        print(name, "ran, result", fut.result())
    return callback


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    a, b = report("a"), report("b")
    fut.add_done_callback(a)
    fut.add_done_callback(b)
    fut.add_done_callback(a)
    print("removed a:", fut.remove_done_callback(a))
    print("removed a again:", fut.remove_done_callback(a))
    print("removed unknown:", fut.remove_done_callback(print))
    fut.set_result(42)
    await asyncio.sleep(0)
    print("after done:", fut.remove_done_callback(b))

    task = asyncio.create_task(asyncio.sleep(0.01, result="slept"))
    task.add_done_callback(report("task"))
    cb = report("removed")
    task.add_done_callback(cb)
    print("removed from task:", task.remove_done_callback(cb))
    await task
    await asyncio.sleep(0)


asyncio.run(main())
