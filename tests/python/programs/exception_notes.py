# add_note(): notes print after the message, inside an exception group box too.
import asyncio

async def fetch(i):
    await asyncio.sleep(0.01 * i)
    try:
        raise ValueError(f"bad {i}")
    except ValueError as e:
        e.add_note(f"while fetching item {i}")
        raise

async def main():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(fetch(1))

asyncio.run(main())
