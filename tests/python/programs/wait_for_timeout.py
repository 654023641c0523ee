import asyncio

async def slow():
    try:
        await asyncio.sleep(5)
        return "slow done"
    except asyncio.CancelledError:
        print("slow cancelled")
        raise

async def fast():
    await asyncio.sleep(0.01)
    return "fast done"

async def main():
    print(await asyncio.wait_for(fast(), timeout=1))
    try:
        await asyncio.wait_for(slow(), timeout=0.1)
    except asyncio.TimeoutError:
        print("timed out", asyncio.TimeoutError is TimeoutError)

asyncio.run(main())
