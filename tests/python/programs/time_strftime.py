# time.strftime, as the asyncio docs use it around their examples (the clock's time is not
# printed: it differs from run to run), and with an explicit 9-tuple.
import asyncio
import time


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def main():
    started = time.strftime('%X')
    await say_after(0.01, 'hello')
    await say_after(0.02, 'world')
    finished = time.strftime('%X')
    print(len(started) == 8, started.count(":") == 2, finished >= started or finished < "01")
    print(time.strftime("%Y-%m-%d %H:%M:%S %j %A %B %a %b %%", (2024, 2, 29, 13, 5, 9, 3, 60, 0)))
    print(repr(time.strftime("", (2024, 1, 1, 0, 0, 0, 0, 1, 0))), time.strftime("%H:%M", (1999, 12, 31, 23, 59, 0, 4, 365, 0)))


asyncio.run(main())
