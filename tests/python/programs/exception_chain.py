import asyncio

class AppError(Exception):
    pass

async def lower():
    await asyncio.sleep(0)
    raise KeyError("missing")

async def upper():
    try:
        await lower()
    except KeyError as e:
        raise AppError("wrapped") from e

async def main():
    try:
        await upper()
    except AppError as e:
        print("AppError", e, "cause", repr(e.__cause__))
    await upper()

asyncio.run(main())
