# Wrong argument counts to methods of built-in types: CPython words them three ways.
try:
    'a'.startswith()
except TypeError as e:
    print(e)
try:
    'a'.startswith(1,2,3,4)
except TypeError as e:
    print(e)
try:
    'a'.endswith()
except TypeError as e:
    print(e)
try:
    'a'.find()
except TypeError as e:
    print(e)
try:
    'a'.find(1,2,3,4)
except TypeError as e:
    print(e)
try:
    'a'.count()
except TypeError as e:
    print(e)
try:
    'a'.index()
except TypeError as e:
    print(e)
try:
    'a'.rfind()
except TypeError as e:
    print(e)
try:
    'a'.rindex()
except TypeError as e:
    print(e)
try:
    'a'.center()
except TypeError as e:
    print(e)
try:
    'a'.center(1,2,3)
except TypeError as e:
    print(e)
try:
    'a'.replace(1)
except TypeError as e:
    print(e)
try:
    'a'.replace(1,2,3,4)
except TypeError as e:
    print(e)
try:
    [].pop(1,2)
except TypeError as e:
    print(e)
try:
    [].insert(1)
except TypeError as e:
    print(e)
try:
    [].index()
except TypeError as e:
    print(e)
try:
    'a'.ljust()
except TypeError as e:
    print(e)
try:
    'a'.zfill()
except TypeError as e:
    print(e)
try:
    {}.get()
except TypeError as e:
    print(e)
try:
    {}.pop()
except TypeError as e:
    print(e)
try:
    {}.setdefault()
except TypeError as e:
    print(e)
try:
    'a'.partition()
except TypeError as e:
    print(e)
try:
    'a'.join()
except TypeError as e:
    print(e)
try:
    [].count()
except TypeError as e:
    print(e)
try:
    [].append()
except TypeError as e:
    print(e)
try:
    {}.get(1,2,3)
except TypeError as e:
    print(e)
try:
    ().count()
except TypeError as e:
    print(e)
try:
    ().index()
except TypeError as e:
    print(e)
try:
    set().add()
except TypeError as e:
    print(e)
try:
    [].remove()
except TypeError as e:
    print(e)
try:
    [].extend()
except TypeError as e:
    print(e)
try:
    'a'.rpartition()
except TypeError as e:
    print(e)
try:
    'a'.join(1,2)
except TypeError as e:
    print(e)
