import asyncio

def tick(loop, n):
    print("tick", n)
    if n == 3:
        loop.stop()
    else:
        loop.call_later(0.5, tick, loop, n + 1)

loop = asyncio.new_event_loop()
loop.call_soon(tick, loop, 1)
loop.run_forever()
print("stopped", loop.is_running())
loop.close()
