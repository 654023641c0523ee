import asyncio

async def leftover(n):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("leftover", n, "cancelled at shutdown")
        raise

async def main():
    for n in range(3):
        asyncio.create_task(leftover(n))
    await asyncio.sleep(0.1)
    print("main ends", len(asyncio.all_tasks()))

asyncio.run(main())
print("done")
