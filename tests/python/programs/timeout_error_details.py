# What a TimeoutError carries: no arguments, and the CancelledError it was raised from as its
# __cause__ (wait_for, timeout(), timeout_at()); as_completed's has none. QueueEmpty/QueueFull
# have no arguments either.
import asyncio


def show(label, e):
    cause = e.__cause__
    print(label, repr(e), e.args, type(cause).__name__, repr(cause),
          e.__context__ is cause, e.__suppress_context__)


async def slow(seconds=10):
    await asyncio.sleep(seconds)
    return "done"


async def ignores_cancel():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        return "kept going"


async def main():
    try:
        await asyncio.wait_for(slow(), timeout=0.01)
    except TimeoutError as e:
        show("wait_for", e)
    try:
        await asyncio.wait_for(slow(), timeout=0)
    except asyncio.TimeoutError as e:
        show("wait_for(0)", e)
    print("swallowed cancel:", await asyncio.wait_for(ignores_cancel(), timeout=0.01))
    try:
        async with asyncio.timeout(0.01):
            await slow()
    except TimeoutError as e:
        show("timeout", e)
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout_at(loop.time() + 0.01) as cm:
            await slow()
    except TimeoutError as e:
        show("timeout_at", e)
        print("expired:", cm.expired())
    try:
        for f in asyncio.as_completed([slow(1), slow(2)], timeout=0.01):
            await f
    except TimeoutError as e:
        show("as_completed", e)
        print("context:", repr(e.__context__))
    # A TimeoutError raised in a handler gets that handler's exception as its context.
    try:
        try:
            raise ValueError("first")
        except ValueError:
            await asyncio.wait_for(slow(), timeout=0.01)
    except TimeoutError as e:
        show("nested", e)
        print("cause's context:", repr(e.__cause__.__context__))
    # timeout()'s cause is the body's own CancelledError, whose context stays its own.
    try:
        try:
            raise KeyError("k")
        except KeyError:
            async with asyncio.timeout(0.01):
                try:
                    await slow()
                except asyncio.CancelledError as body_error:
                    seen = body_error
                    raise
    except TimeoutError as e:
        show("timeout in handler", e)
        print("same object:", e.__cause__ is seen, repr(e.__cause__.__context__))
    q = asyncio.Queue(maxsize=1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e), e.args, str(e) == "")
    q.put_nowait(1)
    try:
        q.put_nowait(2)
    except asyncio.QueueFull as e:
        print("QueueFull", repr(e), e.args)
    await asyncio.sleep(0.05)


asyncio.run(main())
