def read_lines():
    for line in ["10 apples", "5 pears", "bad", "7 kiwis"]:
        yield line
def parse(lines):
    for line in lines:
        parts = line.split()
        if len(parts) != 2:
            print("skipping", repr(line))
            continue
        yield int(parts[0]), parts[1]
def total(records):
    t = 0
    for qty, name in records:
        print("adding", name)
        t += qty
    return t
print(total(parse(read_lines())))
gen = (i for i in range(3))
print(next(gen), list(gen), list(gen))
