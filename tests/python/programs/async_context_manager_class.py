import asyncio

class Resource:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await asyncio.sleep(0.01)
        print("open", self.name)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.01)
        print("close", self.name, exc_type.__name__ if exc_type else None)
        return False

async def main():
    async with Resource("a") as r:
        print("using", r.name)
    try:
        async with Resource("b"):
            raise ValueError("inside")
    except ValueError as e:
        print("propagated", e)

asyncio.run(main())
