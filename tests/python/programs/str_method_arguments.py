# str methods given an argument of the wrong type or count: CPython's TypeError (they read the
# argument as a str without looking, and crashed).
calls = [
    lambda: "abc".count(None),
    lambda: "abc".count(),
    lambda: "abcabc".count("b", 2),
    lambda: "a,b".partition(None),
    lambda: "a,b".rpartition(1),
    lambda: "a,b".partition(","),
    lambda: "prefix-x".removeprefix(None),
    lambda: "prefix-x".removeprefix(),
    lambda: "x-suffix".removesuffix(2),
    lambda: "x-suffix".removesuffix("a", "b"),
    lambda: "prefix-x".removeprefix("prefix-"),
    lambda: "x-suffix".removesuffix("-suffix"),
]
for call in calls:
    try:
        print(repr(call()))
    except TypeError as e:
        print("TypeError:", e)
