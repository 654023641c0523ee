import math
print(math.sqrt(16), math.pi, math.floor(2.7), math.ceil(2.1), math.factorial(20))
print(math.gcd(12, 18), math.isclose(0.1 + 0.2, 0.3), math.log(math.e), math.hypot(3, 4))
from math import sqrt, pi as PI
print(sqrt(2), PI)
