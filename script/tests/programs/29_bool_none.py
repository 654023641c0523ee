print(bool(0), bool(""), bool([]), bool(None), bool("0"), bool(0.0), bool({}), bool([0]))
x = None
print(x is None, x is not None, x == None, type(x).__name__, str(None), repr(True))
print(True and "yes", False or "default", None or 0 or "last", 0 and 1)
print(not None, not [], 1 if [] else 2, isinstance(True, int), True == 1)
v = [] or {} or "fallback"
print(v)
