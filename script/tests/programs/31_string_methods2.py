text = "The quick brown fox jumps over the lazy dog"
words = text.split()
print(len(words), words[::3], " ".join(reversed(words)))
print(text.count("o"), text.find("fox"), text.find("cat"), text.replace("the", "a"))
print([w for w in words if len(w) > 4], max(words, key=len), sorted(set(text.lower()) - {" "})[:5])
print("abc" < "abd", "Z" < "a", "apple" > "app", ord("A"), chr(97), "%d%%" % 50)
print("tab\tsep".expandtabs(4), "a-b-c".split("-", 1), "x".join("123"))
print("Hello"[0], "Hello"[-1], "Hello"[1:-1], "Hello"[10:], str(12.0), str([1, "a"]))
print("line1\nline2".split("\n"), "CSV,data,here".lower().split(","))
