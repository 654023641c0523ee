import asyncio

async def inner(x):
    await asyncio.sleep(0.01)
    return 10 / x

async def main():
    print("computing")
    value = await inner(0)
    print(value)

asyncio.run(main())
