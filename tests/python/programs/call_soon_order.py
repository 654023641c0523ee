import asyncio

def cb(name, loop):
    print("callback", name)

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, cb, "later 0.2", loop)
    loop.call_later(0.1, cb, "later 0.1", loop)
    h = loop.call_later(0.15, cb, "cancelled", loop)
    loop.call_soon(cb, "soon 1", loop)
    loop.call_soon(cb, "soon 2", loop)
    h.cancel()
    print("scheduled", h.cancelled())
    await asyncio.sleep(0)
    print("after yield")
    await asyncio.sleep(0.3)
    print("done")

asyncio.run(main())
