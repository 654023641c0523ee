import asyncio

async def fails():
    raise ValueError("nobody looks at me")

async def main():
    asyncio.create_task(fails())
    await asyncio.sleep(0.1)
    print("main done")

asyncio.run(main())
print("after run")
