import asyncio

class Counter:
    def __init__(self):
        self.counts = {}

    def add(self, word):
        self.counts[word] = self.counts.get(word, 0) + 1

    def top(self, n):
        return sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

def words(text):
    for w in text.split():
        yield w.strip(".,").lower()

async def count(text, counter):
    for i, w in enumerate(words(text)):
        counter.add(w)
        if i % 3 == 0:
            await asyncio.sleep(0)

async def main():
    c = Counter()
    texts = ["The loop runs the tasks.", "Tasks wait, the loop runs others.", "The end."]
    await asyncio.gather(*(count(t, c) for t in texts))
    print(c.top(3))
    print({k: len(k) for k in ("loop", "task")}, [x * x for x in range(5) if x % 2])
    print(f"{3.14159:.2f} {'x':>3}|{42:05d} {1e100!r}")

asyncio.run(main())
