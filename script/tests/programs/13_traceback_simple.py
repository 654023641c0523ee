def divide(a, b):
    return a / b
def calc():
    result = divide(10, 0)
    return result
print("start")
calc()
