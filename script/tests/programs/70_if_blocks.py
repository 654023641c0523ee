# if statements nested every way: the chosen block runs where the if is, then the statements
# after it, whatever the nesting (last statement of its block or not, elif chains, loops).
def classify(n):
    if n < 0:
        kind = "negative"
    elif n == 0:
        kind = "zero"
    elif n < 10:
        if n % 2:
            kind = "small odd"
        else:
            kind = "small even"
        kind += "!"
    else:
        kind = "large"
    return kind + " " + str(n)


for n in (-3, 0, 3, 4, 12):
    print(classify(n))


def three_deep(a, b, c):
    out = []
    if a:
        out.append("a")
        if b:
            out.append("b")
            if c:
                out.append("c")
            out.append("after c")
        out.append("after b")
    out.append("after a")
    return out


for a in (0, 1):
    for b in (0, 1):
        for c in (0, 1):
            print(a, b, c, three_deep(a, b, c))


def loops():
    found = []
    for i in range(10):
        if i % 2 == 0:
            if i == 6:
                break
            continue
        if i == 3:
            if True:
                found.append("three")
            found.append("still three")
        found.append(i)
    else:
        found.append("no break")
    k = 0
    while True:
        k += 1
        if k < 3:
            continue
        elif k == 5:
            break
        found.append(k)
    return found


print(loops())


def early(n):
    if n < 2:
        return n
    if n > 100:
        if n > 1000:
            return "huge"
        return "big"
    return early(n - 1) + early(n - 2)


print(early(10), early(500), early(5000))


def empty_branches(x):
    if x:
        pass
    else:
        pass
    if x > 1:
        y = "gt1"
    else:
        y = "le1"
    return y


print(empty_branches(0), empty_branches(2))


def raises_in_if(x):
    if x:
        if x > 1:
            raise ValueError(f"x={x}")
        return "one"
    return "zero"


for x in (0, 1, 2):
    try:
        print(raises_in_if(x))
    except ValueError as e:
        print("ValueError", e)
