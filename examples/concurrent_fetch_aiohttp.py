# Fetch several pages at once with aiohttp: one task per URL, gathered (simulated network).
import asyncio
import aiohttp


async def fetch(session, url):
    print(f"Starting fetch: {url}")
    async with session.get(url) as response:
        data = await response.text()
        print(f"Completed fetch: {url}")
        return data


async def main(urls):
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(fetch(session, url)) for url in urls]
        results = await asyncio.gather(*tasks)
        print(f"Fetched {len(results)} pages")


urls = [
    "https://example.com",
    "https://python.org",
    "https://asyncio.org",
]
asyncio.run(main(urls))
