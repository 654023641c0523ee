# stderr: skip
import asyncio

def bad():
    raise ValueError("in callback")

async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(bad)
    await asyncio.sleep(0.1)
    print("loop survived")

asyncio.run(main())
