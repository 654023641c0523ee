def counter():
    n = 0
    def incr(by=1):
        nonlocal n
        n += by
        return n
    def get():
        return n
    return incr, get
inc, get = counter()
inc(); inc(5)
print(get())
x = "global"
def show():
    x = "local"
    def inner():
        return x
    return inner()
print(show(), x)
def bad():
    print(y)
    y = 1
try:
    bad()
except UnboundLocalError as e:
    print(e)
funcs = []
for i in range(3):
    funcs.append(lambda: i)
print([f() for f in funcs])
class Config:
    debug = True
    level = 3 if debug else 1
    names = [n for n in ("a", "b")]
print(Config.level, Config.names)
