# wait_for times out and nobody catches it: the CancelledError from inside the coroutine is
# printed first, then TimeoutError as "the direct cause of the following exception".
import asyncio


async def fetch():
    print("fetching")
    await asyncio.sleep(5)


async def main():
    await asyncio.wait_for(fetch(), timeout=0.01)


asyncio.run(main())
