# str.isalpha & co. beyond ASCII: every code point of the Latin, Greek, Cyrillic, Armenian, Hebrew,
# Arabic and kana blocks, and words of other scripts.
for w in ["привет", "héllo", "日本語", "abc1", "ΑΒΓ", "", "٣", "½", "²", "12", "x y", "ß", "ª", "×", "ひらがな", "한국어", "שלום", "مرحبا"]:
    print(repr(w), w.isalpha(), w.isalnum(), w.isdigit(), w.isdecimal(), w.isnumeric(), w.isspace(), w.isidentifier())
bad = []
for cp in list(range(0x80, 0x590)) + list(range(0x5D0, 0x6D4)) + list(range(0x3040, 0x3100)):
    ch = chr(cp)
    bad.append(f"{cp:x}:{int(ch.isalpha())}{int(ch.isalnum())}{int(ch.isdigit())}{int(ch.isdecimal())}{int(ch.isnumeric())}{int(ch.isspace())}")
print(" ".join(bad))
