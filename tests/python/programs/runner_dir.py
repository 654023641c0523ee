# dir(asyncio) lists Runner before anything has named it (the interpreter makes it on demand).
import asyncio

print("Runner" in dir(asyncio), "run" in dir(asyncio))
print(sorted(n for n in dir(asyncio) if n.startswith("Ru")))
