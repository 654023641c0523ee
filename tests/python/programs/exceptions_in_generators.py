# Exceptions raised and caught inside generators, async generators and gathered tasks, many times over.
import asyncio

def gen_with_errors(n):
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError(i)
            yield [i] + [i * 2]
        except ValueError:
            yield None
        finally:
            pass

async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        try:
            yield 10 + (await risky(i))
        except KeyError:
            yield -1

async def risky(i):
    await asyncio.sleep(0)
    if i % 2:
        raise KeyError(i)
    return i

async def main():
    total = 0
    for _ in range(50):
        for v in gen_with_errors(7):
            total += (v or [0])[0]
        async for v in agen(6):
            total += v
        try:
            await asyncio.gather(*(risky(i) for i in range(4)))
        except KeyError:
            total += 1
        with_results = await asyncio.gather(*(risky(i) for i in range(4)), return_exceptions=True)
        total += len([r for r in with_results if isinstance(r, KeyError)])
    print(total)

asyncio.run(main())
