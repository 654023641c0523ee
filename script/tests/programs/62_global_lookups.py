# Globals found through the entry index their name remembers: redefined, deleted, re-added and
# moved when the module's dict is rebuilt, a name must still find its current value.
def f():
    return 1


def call():
    return f()


print(call())


def f():
    return 2


print(call())
del f
try:
    call()
except NameError as e:
    print(e)


def f():
    return 3


print(call())
g = globals()
for i in range(300):
    g[f"x{i}"] = i
for i in range(0, 300, 2):
    del g[f"x{i}"]
print(call(), x299, len([k for k in g if k.startswith("x")]))
len = lambda s: -1
print(len("abc"))
del len
print(len("abc"))
