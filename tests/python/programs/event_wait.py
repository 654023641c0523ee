import asyncio

async def waiter(event, name):
    print(name, "waiting")
    await event.wait()
    print(name, "released")

async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(event, f"w{i}")) for i in range(3)]
    await asyncio.sleep(0.1)
    print("setting", event.is_set())
    event.set()
    await asyncio.gather(*tasks)
    event.clear()
    print("is_set", event.is_set())

asyncio.run(main())
