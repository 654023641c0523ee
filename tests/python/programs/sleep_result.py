import asyncio

async def main():
    v = await asyncio.sleep(0.1, result="slept")
    print(v)
    c = asyncio.sleep(0)
    print(asyncio.iscoroutine(c), asyncio.iscoroutinefunction(main))
    await c
    c = main.__name__
    print(c)

asyncio.run(main())
