# str methods on non-ASCII text: widths in code points, Unicode whitespace in split/strip, strip
# of multi-byte characters, ascii(), repr() of characters that are not printable.
w = "héllo wörld"
print(w.center(15, "*"), w.ljust(14, "-"), w.rjust(14), f"{w:>14}|{w:^15}|{'é':*<4}", w.zfill(14))
print(w.find("ö"), w.index("w"), w.rfind("l"), w[7], w[-3:], w[::-1], len(w), w.count("l"), w.split("ö"), w.partition(" "))
print(w.replace("ö", "o"), w.startswith("hé"), w.endswith("rld"), w.encode is not None, "é" in w, sorted("éaz"), max("éa"), ord(min("éa")))
print("{:10}|".format("日本"), "%-6s|" % "日本", "%5s|" % "é", repr("日本\n\t"), ascii("é"), "日本".expandtabs())
print(list("añb"), "ñ".join(["a", "b"]), "a–b".split("–"), "x\u00a0y".split(), " \u3000x\u3000 ".strip())
print(ascii("é日😀\n"), ascii(["ñ"]), ascii(1))
for t in ["  a\u00a0b  c ", "\u3000x\u3000", "x\u2003y z", "a\x1cb", "éxé", "ãéxé"]:
    print(t.split(), t.split(None, 1), t.rsplit(None, 1), repr(t.strip()), repr(t.lstrip()), repr(t.rstrip()), t.strip("é"), t.rstrip("éx"))
print(repr("\xa0\xad\u2003\u3000\u200b\ufeff\x7f\x85é日"), [" a b  c ".split(None, 1), " a b  c ".rsplit(None, 1), "a,b".split(",", 0)])
