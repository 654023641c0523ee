import asyncio

async def inner():
    return 1

async def main():
    coro = inner()
    try:
        asyncio.run(coro)
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(await coro)
    loop = asyncio.get_running_loop()
    try:
        loop.run_until_complete(inner())
    except RuntimeError as e:
        print("RuntimeError:", e)

asyncio.run(main())


async def main2():
    # Nobody holds this coroutine but the refused call's exception: "never awaited" comes when
    # the handler ends, at its last line.
    try:
        asyncio.run(inner())
    except RuntimeError as e:
        print("RuntimeError:", e)
        print("still handling")
    print("after")

asyncio.run(main2())
