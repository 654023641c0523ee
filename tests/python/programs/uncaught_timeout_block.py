# asyncio.timeout() expires while the block cleans up and re-raises the cancellation: the
# TimeoutError's traceback points at the async with line.
import asyncio


async def work():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("cleaning up")
        raise


async def main():
    async with asyncio.timeout(0.01):
        await work()
    print("not reached")


asyncio.run(main())
