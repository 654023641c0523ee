import asyncio

def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)

def forever(n):
    return forever(n + 1)

async def main():
    print(depth(500))
    try:
        forever(0)
    except RecursionError as e:
        print("RecursionError", e)
    await asyncio.sleep(0)
    print("still running")

asyncio.run(main())
