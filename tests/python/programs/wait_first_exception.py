import asyncio

async def ok():
    await asyncio.sleep(0.5)
    return "ok"

async def boom():
    await asyncio.sleep(0.1)
    raise RuntimeError("boom")

async def main():
    a = asyncio.create_task(ok())
    b = asyncio.create_task(boom())
    done, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), b in done, a in pending)
    print(repr(b.exception()))
    a.cancel()
    await asyncio.sleep(0)
    print(a.cancelled())

asyncio.run(main())
