# A tutorial's annotated coroutines: typing's names in signatures, locals and a TypeVar.
import asyncio
from typing import Awaitable, Dict, List, Optional, TypeVar

T = TypeVar("T")


async def fetch(url: str, delay: float = 0.01) -> Dict[str, str]:
    await asyncio.sleep(delay)
    return {"url": url}


async def first(aws: List[Awaitable[T]]) -> Optional[T]:
    for coro in asyncio.as_completed(aws):
        return await coro
    return None


async def main() -> None:
    pages: List[Dict[str, str]] = await asyncio.gather(*(fetch(f"/p{i}") for i in range(3)))
    print(pages)
    print(await first([fetch("/slow", 0.05), fetch("/fast", 0.01)]))


asyncio.run(main())
