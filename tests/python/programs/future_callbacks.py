import asyncio

def on_done(fut):
    print("callback sees", fut.result())

async def setter(fut):
    await asyncio.sleep(0.1)
    fut.set_result("value")
    print("set")

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(on_done)
    asyncio.create_task(setter(fut))
    print("waiting", fut.done())
    print("got", await fut)
    await asyncio.sleep(0)
    try:
        fut.set_result(1)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError", e)

asyncio.run(main())
