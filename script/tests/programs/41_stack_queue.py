stack = []
for x in "abc":
    stack.append(x)
while stack:
    print(stack.pop(), end=" ")
print()
queue = [1, 2, 3]
queue.append(4)
print(queue.pop(0), queue)
matrix = [[0] * 3 for _ in range(3)]
matrix[1][1] = 5
print(matrix)
grid = [[0] * 2] * 2
grid[0][0] = 1
print(grid)
