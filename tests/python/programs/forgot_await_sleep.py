import asyncio

async def main():
    print("before")
    asyncio.sleep(1)
    print("after, no time passed:", round(asyncio.get_running_loop().time(), 1) == 0.0 or True)
    lock = asyncio.Lock()
    async with lock:
        print("locked", lock.locked())
    print("unlocked", lock.locked())

asyncio.run(main())
