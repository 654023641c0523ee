import asyncio

async def main():
    loop = asyncio.get_running_loop()
    order = []
    start = loop.time()
    loop.call_at(start + 0.3, order.append, "at+0.3")
    loop.call_at(start + 0.1, order.append, "at+0.1")
    loop.call_later(0.2, order.append, "later+0.2")
    h = loop.call_soon(order.append, "soon")
    print(type(h).__name__ in ("Handle", "TimerHandle"))
    await asyncio.sleep(0.5)
    print(order)

asyncio.run(main())
