import asyncio

async def important():
    await asyncio.sleep(0.2)
    print("important finished")
    return 42

async def main():
    inner = asyncio.create_task(important())
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=0.1)
    except TimeoutError:
        print("timeout, inner cancelled?", inner.cancelled())
    print("inner result", await inner)

asyncio.run(main())
