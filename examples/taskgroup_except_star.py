# TaskGroup: when one task fails, the group cancels the others; except* sorts the failures.
import asyncio


async def fetch(name, delay, fail=None):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise fail(f"{name} failed")
        print(f"{name} done")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch("users", 0.5))
            tg.create_task(fetch("orders", 1.0, ValueError))
            tg.create_task(fetch("stock", 1.0, ConnectionError))
            tg.create_task(fetch("report", 3.0))
    except* ValueError as group:
        for error in group.exceptions:
            print("bad value:", error)
    except* ConnectionError as group:
        for error in group.exceptions:
            print("connection problem:", error)
    print("main carries on")


asyncio.run(main())
