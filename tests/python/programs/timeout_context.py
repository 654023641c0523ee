import asyncio

async def main():
    try:
        async with asyncio.timeout(0.1):
            await asyncio.sleep(1)
            print("not reached")
    except TimeoutError:
        print("timed out")
    async with asyncio.timeout(1) as cm:
        await asyncio.sleep(0.1)
    print("expired", cm.expired())
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + 0.05):
            await asyncio.sleep(0.2)
    except TimeoutError:
        print("timeout_at fired")

asyncio.run(main())
