# str methods: istitle, isascii, isprintable, format_map, maketrans and translate; the rarer exception classes.
for s in ["Title Case", "Title case", "TITLE", "", "1A", "A1 B", "Hello World!", "a"]:
    print(repr(s), s.istitle(), s.isascii(), s.isprintable())
print("tab\there".isprintable(), "é".isascii(), "\x7f".isprintable(), " ".isprintable())
print("Hello {name}, you are {age}".format_map({"name": "Ann", "age": 30}))
table = str.maketrans("abc", "xyz", "d")
print(sorted(table.items()), "abcdd".translate(table), "aaa".maketrans({"a": "b"}))
print("hello".translate({ord("l"): "L", ord("o"): None, 104: 72}), "x".translate(str.maketrans({"x": "yy"})))
for bad in (lambda: str.maketrans("ab", "c"), lambda: str.maketrans(1), lambda: "a".translate({97: 1.5}), lambda: str.maketrans({"ab": 1})):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(issubclass(IsADirectoryError, OSError), SyntaxWarning.__mro__, UnicodeTranslateError.__mro__)
