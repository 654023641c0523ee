# asyncio.Runner is Python source the interpreter parses when a program first names it: reached
# here by `from asyncio import Runner` first, then every other way; a missing name still fails.
from asyncio import Runner
import asyncio

print(Runner is asyncio.Runner, Runner.__qualname__, Runner.__module__)
print("Runner" in dir(asyncio), hasattr(asyncio, "Runner"), hasattr(asyncio, "Runer"))
print(asyncio.__dict__["Runner"] is Runner)

try:
    from asyncio import Runnner
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])

try:
    asyncio.runner
except AttributeError as e:
    print("AttributeError:", e)


async def double(n):
    await asyncio.sleep(0)
    return 2 * n

with Runner() as r:
    print(r.run(double(21)))
