# asyncio.create_task(name=...) and TaskGroup.create_task(name=...) use up a Task-N number (they name the task after creating it); loop.create_task(name=...) does not.
import asyncio
async def w(): pass
async def main():
    a = asyncio.create_task(w(), name="named")
    b = asyncio.create_task(w())
    loop = asyncio.get_running_loop()
    c = loop.create_task(w(), name="x")
    d = loop.create_task(w())
    e = asyncio.ensure_future(w())
    fut = loop.create_future()
    print([t.get_name() for t in (a, b, c, d, e)])
    await asyncio.gather(a, b, c, d, e)
    r = await asyncio.gather(w(), w())
    f = asyncio.create_task(w())
    print(f.get_name())
    await f
asyncio.run(main())
