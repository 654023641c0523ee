# A callback that raises goes to the loop's exception handler, which names the callback as
# asyncio does: its qualified name, its arguments (long ones shortened as reprlib shortens them)
# and where it is defined; functools.partial shows the function it wraps. (A partial that raises
# is left out: CPython's partial is C, ours Python, and its frame would show in the traceback.)
import asyncio
import functools


def fails(*args, **kwargs):
    raise ValueError(f"{len(args)} args, {sorted(kwargs)}")


class Sensor:
    def read(self, unit):
        raise RuntimeError(f"no reading in {unit}")


def on_done(fut):
    raise KeyError(fut.result())


async def main():
    loop = asyncio.get_running_loop()
    h = loop.call_soon(fails, 1, "two", [3])
    print(h)
    loop.call_soon(fails, "a string much longer than thirty characters", 12345678901234567890123456789012345678901234567890)
    print(loop.call_soon(functools.partial(print, "partial", sep="-"), "says"))
    loop.call_soon(Sensor().read, "celsius")
    loop.call_soon(lambda: 1 / 0)
    print(loop.call_soon(print, "printed by a callback"))
    cancelled = loop.call_soon(fails)
    cancelled.cancel()
    print(cancelled)
    fut = loop.create_future()
    fut.add_done_callback(on_done)
    fut.set_result(42)
    await asyncio.sleep(0.01)
    print("main goes on")


asyncio.run(main())
