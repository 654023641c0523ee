import sys, traceback

def inner():
    raise ValueError("bad value")

def outer():
    inner()

print(sys.exception(), sys.exc_info())
try:
    outer()
except ValueError as e:
    print(type(sys.exception()).__name__, sys.exc_info()[0].__name__, sys.exc_info()[1] is e)
    print("".join(traceback.format_exception(e)), end="")
    print(traceback.format_exception_only(e))
    text = traceback.format_exc()
    print(text.splitlines()[-1])
    traceback.print_exc()
    traceback.print_exception(e)
print(traceback.format_exc(), end="")
f = sys._getframe()
print(f.f_code.co_name, sys._getframe().f_lineno, f.f_back)
def where():
    fr = sys._getframe(1)
    return fr.f_code.co_name, fr.f_lineno, fr.f_code.co_filename == __file__
def caller():
    return where()
print(caller())
