import asyncio

async def child():
    t = asyncio.current_task()
    print("inside", t.get_name())
    await asyncio.sleep(0)
    return t.get_name()

async def main():
    print(asyncio.current_task().get_name())
    a = asyncio.create_task(child())
    b = asyncio.create_task(child(), name="custom")
    c = asyncio.ensure_future(child())
    c.set_name("renamed")
    print(await a, await b, await c)
    print(a.done(), a.result(), a.cancelled(), a.exception())

asyncio.run(main())
