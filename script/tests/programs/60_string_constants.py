# string: the constants and capwords.
import string
import random
random.seed(1)
print(repr(string.printable), string.hexdigits, string.capwords("hello   big world"), string.capwords("a-b", "-"))
print("".join(random.choice(string.ascii_letters + string.digits) for _ in range(12)))
