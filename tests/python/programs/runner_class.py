# asyncio.Runner (3.11): several run() calls on one loop; tasks left over are cancelled at close.
import asyncio


async def hello(n):
    await asyncio.sleep(0.01)
    return n * 2


async def forever():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("leftover cancelled at close")
        raise


async def start_background():
    asyncio.create_task(forever())
    await asyncio.sleep(0)
    return "started"


with asyncio.Runner() as runner:
    print(runner.run(hello(1)))
    print(runner.run(hello(2)))
    print(runner.run(start_background()))
    loop = runner.get_loop()
    print(type(loop).__name__, loop.is_closed())
print(loop.is_closed())
try:
    runner.run(hello(3))
except RuntimeError as e:
    print(e)
r = asyncio.Runner(debug=False)
try:
    r.run(hello)
except ValueError as e:
    print(e.args[0].split(" at ")[0])
r.close()


async def nested():
    try:
        asyncio.Runner().run(asyncio.sleep(0))
    except RuntimeError as e:
        print(e)

asyncio.run(nested())
