import asyncio

async def step(n):
    await asyncio.sleep(0.1)
    print("step", n)
    return n + 1

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
x = loop.run_until_complete(step(1))
y = loop.run_until_complete(step(x))
print("results", x, y, loop.is_running(), loop.is_closed())
loop.close()
print("closed", loop.is_closed())
try:
    loop.run_until_complete(step(0))
except RuntimeError as e:
    print("RuntimeError:", e)
