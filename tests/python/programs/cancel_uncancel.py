import asyncio

async def stubborn():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        t = asyncio.current_task()
        print("cancelling", t.cancelling())
        t.uncancel()
        print("after uncancel", t.cancelling())
    await asyncio.sleep(0.1)
    return "survived"

async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.1)
    t.cancel()
    print(await t)

asyncio.run(main())
