class Animal:
    kind = "animal"
    count = 0
    def __init__(self, name):
        self.name = name
        Animal.count += 1
    def speak(self):
        return f"{self.name} makes a sound"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
class Dog(Animal):
    def speak(self):
        return super().speak() + " (woof)"
class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def __str__(self):
        return f"Puppy {self.name}, {self.age}"
animals = [Animal("generic"), Dog("Rex"), Puppy("Bit", 1)]
for a in animals:
    print(a.speak(), repr(a), str(a))
print(Animal.count, Dog.kind, isinstance(animals[2], Animal), issubclass(Dog, Puppy))
print(type(animals[1]).__name__, Puppy.__mro__[1], Dog.__bases__)
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
p = Point(1, 2) + Point(3, 4)
print(p, p == Point(4, 6), p != Point(0, 0), sorted([Point(2, 1), Point(1, 5)]), len({p, Point(4, 6)}))
print(vars(p), hasattr(p, "x"), getattr(p, "z", "none"))
setattr(p, "z", 9); print(p.z)
