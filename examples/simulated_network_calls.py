# Simulated network calls gathered concurrently: the total time is the longest call, not the sum.
import asyncio


async def fetch_data(name, delay):
    print(f"Fetching {name}...")
    await asyncio.sleep(delay)
    print(f"Got {name}")
    return {"name": name, "delay": delay}


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    results = await asyncio.gather(fetch_data("users", 2), fetch_data("posts", 1), fetch_data("comments", 3))
    print(results)
    print(f"Total: {loop.time() - start:.0f} s")


asyncio.run(main())
