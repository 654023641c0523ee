import heapq

h = []
for x in [5, 1, 8, 3, 9, 2, 7, 1, 4]:
    heapq.heappush(h, x)
print(h)
print([heapq.heappop(h) for _ in range(3)], h)
data = [9, 4, 7, 1, 8, 2, 2, 6]
heapq.heapify(data)
print(data)
print(heapq.heapreplace(data, 5), data)
print(heapq.heappushpop(data, 0), heapq.heappushpop(data, 10), data)
tasks = [(3, "write"), (1, "plan"), (2, "code"), (1, "coffee")]
heapq.heapify(tasks)
while tasks:
    print(heapq.heappop(tasks))
print(heapq.nsmallest(3, [5, 1, 4, 1, 9]), heapq.nlargest(2, ["bb", "a", "ccc"], key=len))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [0, 3, 9])))
print(list(heapq.merge(["b", "dd"], ["a", "cc"], key=len)), list(heapq.merge([7, 3], [9, 1], reverse=True)))
for bad in (lambda: heapq.heappop([]), lambda: heapq.heapreplace([], 1), lambda: heapq.heappush((), 1)):
    try:
        bad()
    except (IndexError, TypeError) as e:
        print(type(e).__name__, e)

