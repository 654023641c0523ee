def f():
    print(undefined_var)
f()
