import asyncio
import time

async def blocker():
    print("blocker start")
    time.sleep(0.3)
    print("blocker end")

async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.1)

async def main():
    await asyncio.gather(ticker(), blocker())

asyncio.run(main())
