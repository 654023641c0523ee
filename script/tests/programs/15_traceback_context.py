def cleanup():
    raise RuntimeError("cleanup failed")
try:
    x = [1, 2][3]
except IndexError:
    cleanup()
