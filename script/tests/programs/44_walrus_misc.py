data = [1, 5, 12, 7]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 10])
x = 5; y = 6; print(x + y)
a = b = c = 0
a += 1
print(a, b, c)
print(*[1, 2, 3], sep=", ")
print(type(1), type("s"), type([]), type(None), type(print), int, type(type))
