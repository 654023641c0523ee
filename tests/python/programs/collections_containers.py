# collections: deque, defaultdict, Counter, OrderedDict and namedtuple, as CPython's print them.
import asyncio
from collections import Counter, OrderedDict, defaultdict, deque, namedtuple

d = deque([1, 2, 3], maxlen=3)
d.append(4)
d.appendleft(0)
print(d, d.maxlen, len(d), d[0], d[-1], list(d), 2 in d)
q = deque()
q.extend("abc")
q.rotate(1)
print(q, q.popleft(), q.pop(), q, bool(deque()))
try:
    deque().popleft()
except IndexError as e:
    print(e)

groups = defaultdict(list)
for word in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups[word[0]].append(word)
print(groups, groups["a"], dict(groups), len(groups), "z" in groups, sorted(groups))
counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(counts)

c = Counter("mississippi")
print(c, c["s"], c["z"], c.most_common(2), sorted(c.elements())[:4], c.total())
c.update("sss")
c.subtract({"i": 4})
print(c, Counter(a=3, b=1) + Counter(a=1, c=2), Counter(a=3, b=1) - Counter(a=1, b=2), Counter())

od = OrderedDict()
od["x"] = 1
od["y"] = 2
od["z"] = 3
od.move_to_end("x")
print(od, od.popitem(), od.popitem(last=False), od, OrderedDict())

Point = namedtuple("Point", "x y")
p = Point(1, y=2)
x, y = p
print(p, p.x, p[1], x + y, p._asdict(), p._replace(x=5), Point._make([3, 4]), Point._fields, p == (1, 2))
Job = namedtuple("Job", ["name", "priority"], defaults=[0])
print(Job("build"), sorted([Job("b", 2), Job("a", 1)]), len(p), hash(p) == hash((1, 2)))
try:
    Point(1)
except TypeError as e:
    print(e)


async def main():
    queue = deque(range(5))
    seen = Counter()

    async def worker(name):
        while queue:
            item = queue.popleft()
            await asyncio.sleep(0.01)
            seen[name] += 1
    await asyncio.gather(worker("a"), worker("b"))
    print(seen, sum(seen.values()))

asyncio.run(main())
