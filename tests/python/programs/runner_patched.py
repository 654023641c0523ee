# A program may replace or delete asyncio.Runner before anything has named it (the interpreter
# makes Runner on demand): what it set stays set.
import asyncio


class MyRunner:
    pass


asyncio.Runner = MyRunner
print(hasattr(asyncio, "no_such_name"), asyncio.Runner is MyRunner)
del asyncio.Runner
print(hasattr(asyncio, "Runner"))
try:
    del asyncio.Runner
except AttributeError as e:
    print("AttributeError:", e)
print(asyncio.run(asyncio.sleep(0, result="still runs")))
