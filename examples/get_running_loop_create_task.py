# asyncio.get_running_loop() inside a coroutine, and loop.create_task() to schedule another one.
import asyncio


async def my_task():
    print("Running a task")


async def main():
    loop = asyncio.get_running_loop()
    print(f"Event loop running: {loop.is_running()}")
    # Run my_task concurrently
    loop.create_task(my_task())


# Execute the main coroutine
asyncio.run(main())
