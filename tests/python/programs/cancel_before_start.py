import asyncio

async def never_runs():
    print("should not print")

async def main():
    t = asyncio.create_task(never_runs())
    print(t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled before start", t.cancelled())
    print(t.cancel())

asyncio.run(main())
