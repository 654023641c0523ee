# pow(base, exp, mod) with a negative exponent takes the modular inverse (Python 3.8+), and says
# when there is none.
for args in [(3, -1, 7), (3, -1, -7), (2, -3, 11), (10, -2, 17), (-3, -1, 7), (4, -1, 8), (0, -1, 5), (1, -5, 1), (5, -1, -1), (123456789, -1, 1000000007), (2, 10, 1000)]:
    try:
        print(args, pow(*args))
    except ValueError as e:
        print(args, "ValueError:", e)
