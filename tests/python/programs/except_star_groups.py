# except* with TaskGroup and hand-made exception groups: which handler sees which part, and
# what leaves the statement (PEP 654, CPython 3.11).
import asyncio


async def fail(n, exc=ValueError):
    await asyncio.sleep(0.01 * n)
    raise exc(f"bad {n}")


def show(eg):
    return f"{type(eg).__name__}({eg.message!r}, {[repr(e) for e in eg.exceptions]})"


async def main():
    # The tutorials' pattern: every failure of a TaskGroup, sorted by type.
    try:
        async with asyncio.TaskGroup() as tg:
            # Both fail in the same loop iteration (sleep(0) is one yield, not a timer, so
            # python3's real clock cannot split them); the third is cancelled.
            tg.create_task(fail(0))
            tg.create_task(fail(0, KeyError))
            tg.create_task(fail(3))
    except* ValueError as eg:
        print("values:", show(eg))
    except* KeyError as eg:
        print("keys:", show(eg))

    # A naked exception is handled as a group of one.
    try:
        raise TypeError("plain")
    except* TypeError as eg:
        print("wrapped:", repr(eg), eg.exceptions[0] is not None)

    # Unmatched parts leave the statement, in the original shape.
    try:
        try:
            raise ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [KeyError(2), TypeError(3)])])
        except* ValueError:
            print("handled value")
        except* KeyError as eg:
            print("handled key:", repr(eg))
    except ExceptionGroup as rest:
        print("rest:", repr(rest))

    # A handler that raises: the new exception and the rest leave together.
    try:
        try:
            raise ExceptionGroup("g", [ValueError(1), KeyError(2)])
        except* ValueError:
            raise RuntimeError("from handler")
    except ExceptionGroup as eg:
        print("raised:", repr(eg), repr(eg.exceptions[0].__context__))

    # Only the new exception: it leaves on its own.
    try:
        try:
            raise ExceptionGroup("g", [ValueError(1)])
        except* ValueError:
            raise RuntimeError("alone")
    except RuntimeError as e:
        print("alone:", repr(e), type(e.__context__).__name__)

    # A bare raise re-raises the matched part.
    try:
        try:
            raise ExceptionGroup("g", [ValueError(1), KeyError(2)])
        except* ValueError:
            raise
    except ExceptionGroup as eg:
        print("re-raised:", repr(eg))

    # Naked and unmatched: the exception itself goes on.
    try:
        try:
            raise KeyError("k")
        except* ValueError:
            print("not reached")
    except KeyError as e:
        print("naked unmatched:", repr(e))

    # Cancellation is not an Exception: except* Exception lets it through.
    async def sleeper():
        try:
            await asyncio.sleep(10)
        except* Exception:
            print("not reached")
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled passes through except* Exception")

    try:
        try:
            raise ExceptionGroup("g", [ValueError(1)])
        except* ExceptionGroup:
            pass
    except TypeError as e:
        print("TypeError:", e)

    # split, subgroup, derive
    eg = ExceptionGroup("m", [ValueError(1), ExceptionGroup("inner", [KeyError(2), ValueError(3)])])
    match, rest = eg.split(ValueError)
    print(repr(match), repr(rest))
    print(repr(eg.subgroup(KeyError)), eg.subgroup(OSError))
    print(eg.split(lambda e: isinstance(e, KeyError)))
    print(eg.split((KeyError, ValueError)))
    print(type(BaseExceptionGroup("b", [ValueError(1)])).__name__)
    print(repr(eg.derive([TypeError(9)])))
    try:
        ExceptionGroup("b", [KeyboardInterrupt()])
    except TypeError as e:
        print("TypeError:", e)
    try:
        eg.split(42)
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
