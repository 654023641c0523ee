class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __iter__(self):
        return iter(self.items)
    def __getitem__(self, i):
        return self.items[i]
    def __setitem__(self, i, v):
        self.items[i] = v
    def __contains__(self, x):
        return x in self.items
    def __call__(self, x):
        return x * 2
    def __bool__(self):
        return bool(self.items)
b = Bag(1, 2, 3)
print(len(b), list(b), b[1], 2 in b, 9 in b, b(21), bool(b), bool(Bag()))
b[0] = 10
print(b.items, [x for x in b], sum(b), sorted(b, reverse=True))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)))
for i in Countdown(2):
    print("tick", i)
class Money:
    def __init__(self, v): self.v = v
    def __radd__(self, other): return Money(self.v + other)
    def __add__(self, other): return Money(self.v + (other.v if isinstance(other, Money) else other))
    def __str__(self): return f"${self.v:.2f}"
print(sum([Money(1), Money(2.5)]), Money(1) + 2, 3 + Money(1))
