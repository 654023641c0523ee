values = [4, 2, 0, 1]
for v in values:
    print(12 // v)
