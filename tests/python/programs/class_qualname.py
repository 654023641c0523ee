# A class's __qualname__ (set by the class statement, or assigned in its body) belongs to the class, not to its instances.
import functools
class A:
    def m(self): pass
    class Inner:
        pass
class B:
    __qualname__ = "Renamed"
print(A.__qualname__, A.Inner.__qualname__, B.__qualname__, repr(B), B.__name__)
print(hasattr(A(), "__qualname__"), getattr(A(), "__qualname__", "none"), "__qualname__" in A.__dict__)
print(getattr(functools.partial(print), "__qualname__", None))
try:
    class C:
        __qualname__ = 5
except TypeError as e:
    print("TypeError", e)
print(A.__module__, A().__module__, "__module__" in A.__dict__)
