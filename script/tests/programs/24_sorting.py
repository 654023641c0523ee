people = [("alice", 30), ("bob", 25), ("carol", 30), ("dave", 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
nums = [5, -3, 2, -8, 0]
nums.sort(key=abs)
print(nums, sorted("hello"), sorted({3: "a", 1: "b"}), sorted([2.5, 1, 3]))
print(min(people, key=lambda p: p[1]), max(people, key=lambda p: (p[1], p[0])))
print(sorted([[3, 1], [2, 9], [2, 1]]), sorted(["b", "A", "a", "B"]))
