import asyncio

async def consumer(cond, items, name):
    async with cond:
        await cond.wait_for(lambda: len(items) > 0)
        print(name, "took", items.pop(0))

async def main():
    cond = asyncio.Condition()
    items = []
    tasks = [asyncio.create_task(consumer(cond, items, f"c{i}")) for i in range(3)]
    for i in range(3):
        await asyncio.sleep(0.1)
        async with cond:
            items.append(i)
            cond.notify()
    await asyncio.gather(*tasks)
    print("left", items)

asyncio.run(main())
