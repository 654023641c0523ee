import asyncio
import time

def blocking_io(x):
    time.sleep(0.5)
    return x * 2

async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.2)

async def main():
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, blocking_io, 21)
    t = asyncio.create_task(ticker())
    print("result", await fut)
    await t

asyncio.run(main())
