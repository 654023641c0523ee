inventory = {"apples": 3}
def take(item):
    return inventory[item] - 1
print(take("apples"))
print(take("pears"))
