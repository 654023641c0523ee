# A semaphore limits concurrent fetches to three while five are requested (simulated network).
import asyncio
import aiohttp

semaphore = asyncio.Semaphore(3)


async def limited_fetch(session, url):
    async with semaphore:
        print(f"Fetching {url}")
        async with session.get(url) as response:
            return await response.text()


async def main(urls):
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(limited_fetch(session, url)) for url in urls]
        results = await asyncio.gather(*tasks)
        print(f"Fetched {len(results)} pages")


urls = [
    "https://example.com",
    "https://python.org",
    "https://asyncio.org",
    "https://github.com",
    "https://stackoverflow.com",
]
asyncio.run(main(urls))
