# Recursive fib(25): interpreter call overhead, in seconds.
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


start = time.perf_counter()
fib(25)
print(f"{time.perf_counter() - start:.6f}")
