# The tutorial's example.py: get the event loop and run a gather of coroutines until complete.
# Import the asyncio library to use its event loop functionality
import asyncio
# Import the sleep function from the time library
from time import sleep


# Define a coroutine function using the async keyword
async def my_coroutine():
    # Print a message to indicate the start of the coroutine
    print("Starting coroutine...")
    # Use the await keyword to pause the coroutine for 2 seconds
    await asyncio.sleep(2)
    # Print a message to indicate the end of the coroutine
    print("Coroutine finished!")


# Get the event loop from the asyncio library
loop = asyncio.get_event_loop()
# Create a list of tasks to be executed by the event loop
tasks = [my_coroutine()]
# Run the event loop until all tasks are completed
loop.run_until_complete(asyncio.gather(*tasks))
