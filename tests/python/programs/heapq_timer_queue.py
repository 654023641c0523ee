import asyncio
import heapq


async def scheduler():
    # A timer queue: (deadline, sequence, name), the way an event loop orders its timers.
    timers = []
    for seq, (when, name) in enumerate([(0.03, "c"), (0.01, "a"), (0.02, "b"), (0.01, "a2")]):
        heapq.heappush(timers, (when, seq, name))
    now = 0.0
    while timers:
        when, _, name = heapq.heappop(timers)
        await asyncio.sleep(when - now)
        now = when
        print("fire", name)

asyncio.run(scheduler())
