# Functions whose body is `return expr` alone run their expression directly (no statement
# loop): results, awaits and the lines of their tracebacks must not change.
import asyncio

def add(a, b):
    return a + b

def div(a, b): return a / b

def nested(x):
    return (
        add(x, 1) +
        div(x, 0)
    )

def name_err():
    return undefined_name

async def inner():
    return await asyncio.sleep(0.01, result=5)

async def outer():
    return await inner() + 1

def only_return():
    return

print(add(1, 2), add("a", "b"), only_return())
print(asyncio.run(outer()))
f = lambda x: x * 2
print(f(4))
for fn in (lambda: nested(3), name_err, lambda: add(1, "x")):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, e)
nested(2)
