print([x * 2 for x in range(5) if x % 2 == 0])
print({x: x ** 2 for x in range(4)})
print({c for c in "hello"} == set("helo"))
print([(i, j) for i in range(3) for j in range(i)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(r) for r in zip(*matrix)])
words = ["apple", "Banana", "cherry"]
print(sorted(words), sorted(words, key=str.lower), [w[0].upper() for w in words])
x = 10
print([x for x in range(3)], x)
print(sum(1 for _ in range(100)), max(len(w) for w in words))
