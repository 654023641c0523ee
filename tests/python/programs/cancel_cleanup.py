import asyncio

async def worker():
    try:
        print("worker started")
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("cancelled with", repr(e))
        raise
    finally:
        print("cleanup")

async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(0.1)
    print(t.cancel("stop now"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("main saw", e.args)
    print(t.cancelled(), t.done())

asyncio.run(main())
