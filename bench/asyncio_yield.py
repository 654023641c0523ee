# Baseline for the engine's yield benchmark: two asyncio tasks ping-ponging with sleep(0).
# Prints the same JSON line shape as engine_bench.
import asyncio
import json
import resource
import sys
import time


async def main(n):
    async def body():
        for _ in range(n // 2):
            await asyncio.sleep(0)

    start = time.perf_counter()
    await asyncio.gather(body(), body())
    return time.perf_counter() - start


def spawn_gather(n):
    async def child():
        await asyncio.sleep(0)

    async def run():
        start = time.perf_counter()
        await asyncio.gather(*[child() for _ in range(n)])
        return time.perf_counter() - start

    return asyncio.run(run())


mode, n = sys.argv[1], int(sys.argv[2])
seconds = asyncio.run(main(n)) if mode == "yield" else spawn_gather(n)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"platform": "cpython", "mode": mode, "n": n, "seconds": seconds, "peak_mib": round(peak, 1)}))
