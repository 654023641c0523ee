# Async generators: asend, athrow and aclose (awaiting aclose() runs the generator's finally).
import asyncio


async def echo():
    received = []
    try:
        while True:
            try:
                value = yield len(received)
                received.append(value)
            except KeyError as e:
                print("generator caught", repr(e))
    finally:
        print("finally, received", received)


async def main():
    g = echo()
    print(await anext(g))
    print(await g.asend("a"), await g.asend("b"))
    print(await g.athrow(KeyError("k")))
    closing = g.aclose()
    print("aclose not awaited yet")
    await closing
    try:
        await anext(g)
    except StopAsyncIteration:
        print("exhausted")
    try:
        await echo().athrow(ValueError("early"))
    except ValueError as e:
        print("athrow before start raises", e)


asyncio.run(main())
