# A responsive CLI: a background task keeps working while input() runs in an executor, until
# the user types "quit".
import asyncio


async def background_worker():
    while True:
        print("Working...")
        await asyncio.sleep(2)


async def user_input():
    loop = asyncio.get_running_loop()
    while True:
        user_text = await loop.run_in_executor(None, input, "Enter command: ")
        if user_text == "quit":
            print("Exiting...")
            break
        else:
            print(f"Received command: {user_text}")


async def main():
    worker = asyncio.create_task(background_worker())
    await user_input()
    worker.cancel()
    try:
        await worker
    except asyncio.CancelledError:
        print("Background worker cancelled")


asyncio.run(main())
