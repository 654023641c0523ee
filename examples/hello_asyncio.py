# The simplest asyncio.run(): a new event loop runs main() to completion and is closed.
import asyncio


async def main():
    print("Hello, asyncio!")


# Run the main function
asyncio.run(main())
