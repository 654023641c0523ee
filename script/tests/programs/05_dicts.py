d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
print(d.pop("b"), d, d.setdefault("x", 10), d)
d.update({"y": 5}, z=6); print(d)
for k, v in d.items():
    print(k, "->", v)
print({k: v * 2 for k, v in d.items() if v > 2})
print(dict(a=1, b=2), dict([("x", 1)]), dict.fromkeys("ab", 0), {1: "one", 2.5: "x", None: 0})
counts = {}
for w in "the cat the dog the end".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
del d["x"]; print(d, d.copy() == d, {**d, "q": 1})
print(d.popitem(), d)
e = {}
print(e, bool(e), {1: {2: {3: []}}})
