# "AsyncIO and Python: Going Deeper": calling an async function does not run it; an event loop
# does, with run_until_complete.
import asyncio


async def my_task():
    print("Task started...")
    await asyncio.sleep(1)  # Simulate a blocking operation
    print("Task completed!")


# Calling an async function does not execute it immediately
task = my_task()

# To run an async function, you need an event loop
loop = asyncio.get_event_loop()
loop.run_until_complete(task)
