for n in range(2, 20):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        print(n, end=" ")
print()
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    if i == 4:
        break
    print("i", i)
else:
    print("no break")
k = 0
while k < 2:
    k += 1
else:
    print("while done", k)
for ch in "ab":
    pass
print(ch)
