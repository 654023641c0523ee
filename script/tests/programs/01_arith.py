print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 / 2, 2 ** 10, 2 ** -1)
print(0.1 + 0.2, 1 / 3, 1e-5, 1e16, 123456789.0 * 10, -0.0, float('inf'))
print(round(2.5), round(3.5), round(2.675, 2), round(1234, -2), abs(-3), abs(-2.5))
print(divmod(17, 5), divmod(-17, 5), pow(2, 10), pow(2, 10, 1000))
print(2 ** 64, 10 ** 20 + 1, -(2 ** 70), (2 ** 64) // 3, factorial := 1)
n = 1
for i in range(1, 26):
    n *= i
print(n, n % 1000007, str(n)[:5])
print(int("42"), int("-17"), int(3.99), int(-3.99), float("1.5"), int("ff", 16), int("0b101", 0))
print(hex(255), bin(5), oct(8), 0x1F, 1_000_000)
print(3 == 3.0, 1 < 2 < 3, 3 > 2 > 5, True + True, 5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, 1024 >> 3)
