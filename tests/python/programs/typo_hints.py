# A learner's typos: python3 prints "Did you mean" after the error, and so must we.
import asyncio


class Worker:
    def __init__(self, name):
        self.name = name
        self.done = 0

    async def run(self, jobs):
        for job in range(jobs):
            await asyncio.sleep(0.01)
            self.done += 1
        return self.don


async def main():
    worker = Worker("w")
    try:
        await worker.run(2)
    except AttributeError as e:
        print("caught:", e, "| name:", e.name)
    await asyncio.sleap(0.01)


asyncio.run(main())
