# Module and class-body annotations are recorded in __annotations__ (a function's are not evaluated).
class A:
    x: int
    y: str = "a"
    z = 3
print(A.__annotations__)
v: int = 5
print(__annotations__)
def f(a: int) -> bool:
    local: UndefinedName = 1  # not evaluated
    return local
print(f(1))
