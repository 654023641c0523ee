import asyncio

async def ok(n):
    await asyncio.sleep(n)
    print("ok", n)
    return n

async def bad(n):
    await asyncio.sleep(n)
    raise ValueError(f"bad {n}")

async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(ok(0.1))
        b = tg.create_task(ok(0.2))
    print(a.result(), b.result())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(0.5))
            tg.create_task(bad(0.1))
    except ExceptionGroup as eg:
        print("caught", type(eg).__name__, [str(e) for e in eg.exceptions])

asyncio.run(main())
