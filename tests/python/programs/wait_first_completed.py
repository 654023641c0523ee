import asyncio

async def sleeper(n):
    await asyncio.sleep(n)
    return n

async def main():
    tasks = [asyncio.create_task(sleeper(n), name=f"s{n}") for n in (0.3, 0.1, 0.2)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(sorted(t.get_name() for t in done), sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(pending, timeout=0.15)
    print(sorted(t.result() for t in done), len(pending))
    done, pending = await asyncio.wait(pending)
    print(sorted(t.result() for t in done), len(pending))

asyncio.run(main())
