# Slice bounds and steps far past any length are clamped, as CPython clamps them.
xs = [1, 2, 3, 4]
print(xs[::10**20], xs[::-10**20], xs[-10**20:10**20], xs[10**20:], "abcdef"[1:10**30:2], (1, 2, 3)[-10**25::-1])
print(xs[::2**63], xs[-2**63:2**63 - 1], xs[::-(2**63)], xs[2**62:], "abc"[::-9223372036854775807])
ys = list(range(10))
ys[::10**20] = ["a"]
del ys[-10**20:2]
print(ys)
