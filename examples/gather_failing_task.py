import asyncio


async def task():
    print("Task started")
    await asyncio.sleep(2)
    print("Task completed")


async def faulty_task():
    raise Exception("Oops!")


async def main():
    try:
        await asyncio.gather(task(), faulty_task())
    except Exception as e:
        print(f"Caught an exception: {e}")


asyncio.run(main())
