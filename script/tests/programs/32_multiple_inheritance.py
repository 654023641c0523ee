class A:
    def hello(self):
        return "A"
class B(A):
    def hello(self):
        return "B>" + super().hello()
class C(A):
    def hello(self):
        return "C>" + super().hello()
class D(B, C):
    def hello(self):
        return "D>" + super().hello()
print(D().hello(), [k.__name__ for k in D.__mro__])
class Base:
    def __init__(self):
        self.log = ["Base"]
class Mixin:
    def describe(self):
        return f"{type(self).__name__} with {self.log}"
class Child(Mixin, Base):
    def __init__(self):
        super().__init__()
        self.log.append("Child")
print(Child().describe())
