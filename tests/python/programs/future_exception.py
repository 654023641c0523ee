import asyncio

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.1, fut.set_exception, ValueError("late failure"))
    try:
        await fut
    except ValueError as e:
        print("caught", repr(e))
    print(fut.done(), type(fut.exception()).__name__)
    f2 = asyncio.Future()
    print(f2.done(), f2.cancelled())
    f2.cancel()
    print(f2.done(), f2.cancelled())

asyncio.run(main())
