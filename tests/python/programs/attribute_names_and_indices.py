# Attribute names must be strings; NoneType() is None; a huge int index is an IndexError.
class C:
    pass
for call in [lambda: getattr(1, 2), lambda: setattr(C(), 2, 3), lambda: delattr(C(), 2), lambda: hasattr(1, 2),
             lambda: type(None)(), lambda: type(None)(1), lambda: "abc"[10**20], lambda: [1][10**20], lambda: "abc"[-10**20]]:
    try:
        print(repr(call()))
    except (TypeError, IndexError) as e:
        print(type(e).__name__, e)
