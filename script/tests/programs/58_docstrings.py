# __doc__ of functions, classes and methods: the docstring, or None.
def f():
    """Doc."""
    return 1
def g():
    x = "no"
class C:
    """Class doc."""
    def m(self):
        "m doc"
print(f.__doc__, g.__doc__, C.__doc__, C.m.__doc__, (lambda: 1).__doc__)
