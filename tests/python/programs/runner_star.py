# `from asyncio import *` brings asyncio.Runner too, though the interpreter makes it on demand.
from asyncio import *

print(Runner.__name__, "Runner" in dir())
print(run(sleep(0, result="ran")))
