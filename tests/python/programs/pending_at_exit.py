# stderr: skip
import asyncio

async def forever():
    print("forever starts")
    await asyncio.sleep(100)

async def main():
    asyncio.create_task(forever())
    await asyncio.sleep(0.1)
    print("main returns")

loop = asyncio.get_event_loop()
loop.run_until_complete(main())
print("loop left open")
