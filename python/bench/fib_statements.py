# Recursive fib(25) written with statements (if / return), in seconds: fib.py's conditional
# expression is a body the interpreter evaluates without its statement loop; this one is not.
import time


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


start = time.perf_counter()
fib(25)
print(f"{time.perf_counter() - start:.6f}")
