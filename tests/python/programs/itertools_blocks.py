# itertools: the same items, in the same order, as CPython's.
import asyncio
from itertools import (accumulate, chain, combinations, combinations_with_replacement, compress, count, cycle,
                       dropwhile, filterfalse, groupby, islice, pairwise, permutations, product, repeat, starmap,
                       takewhile, tee, zip_longest)

print(list(islice(count(10, 5), 4)), list(islice(cycle("ab"), 5)), list(repeat("x", 3)))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b, initial=10)))
print(list(chain("ab", [1, 2])), list(chain.from_iterable([[1], [2, 3]])), list(compress("abcd", [1, 0, 1, 0])))
print(list(dropwhile(lambda x: x < 3, [1, 2, 3, 1])), list(takewhile(lambda x: x < 3, [1, 2, 3, 1])))
print(list(filterfalse(lambda x: x % 2, range(6))), list(filterfalse(None, [0, 1, "", "a"])))
print([(k, list(g)) for k, g in groupby("aabbbcdd")], [k for k, _ in groupby([1, 1, 2, 1])])
print([(k, len(list(g))) for k, g in groupby(sorted(["apple", "avocado", "banana"]), key=lambda w: w[0])])
print(list(islice(range(10), 2, 8, 3)), list(islice("abcdef", 3)), list(islice("abc", 1, None)))
print(list(pairwise("abcd")), list(starmap(pow, [(2, 3), (3, 2)])))
a, b = tee([1, 2, 3])
print(list(a), list(b))
print(list(zip_longest("ab", [1, 2, 3], fillvalue="-")), list(product("ab", repeat=2)), list(product([1, 2], "xy")))
print(list(permutations("abc", 2)), len(list(permutations(range(4)))))
print(list(combinations("abcd", 2)), list(combinations_with_replacement("ab", 2)))


async def worker(name, ids):
    for i in ids:
        await asyncio.sleep(0.01)
        print(name, i)


async def main():
    ids = count(1)
    await asyncio.gather(worker("A", islice(ids, 2)), worker("B", islice(ids, 2)))

asyncio.run(main())
print(list(permutations([])), list(permutations("ab", 3)), list(combinations("ab", 0)), list(combinations("ab", 3)))
print(list(combinations_with_replacement("", 0)), list(combinations_with_replacement("", 2)), len(list(combinations(range(14), 7))))
for f in (permutations, combinations, combinations_with_replacement):
    try:
        f("ab", -1)
    except ValueError as e:
        print(f.__name__, e)
