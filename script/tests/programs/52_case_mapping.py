# str case methods beyond ASCII: Latin-1, Latin Extended-A, Greek (final sigma), Cyrillic, ß.
import sys
words = ["straße", "Ÿÿ", "ĀāĂăĹĺŁłŸŹźŽžőŐ", "ΑλφάβηΤΟΣ ς", "ΟΔΟΣ ΣΑΣ Σ ΑΣ.", "Ωμέγα ΆΈΉΊΌΎΏ άέήίόύώ", "привет МИР Ёё Ђђ", "µ", "ı ſ"]
for w in words:
    print(w.upper(), w.lower())
# every letter of the ranges, against the truth
bad = []
for cp in list(range(0x80, 0x180)) + list(range(0x370, 0x3D0)) + list(range(0x400, 0x460)):
    ch = chr(cp)
    if cp in (0x130, 0x149, 0x390, 0x3B0) or 0x374 <= cp <= 0x375 or 0x378 <= cp <= 0x37F or 0x3CF <= cp:  # special cases and rare letters not mapped here
        continue
    if len(ch.upper()) == 1 and len(ch.lower()) == 1:
        bad.append(ch.upper() + ch.lower())
print("".join(bad))
for w in ["hello world", "they're bill's friends", "hELLO", "ABC1", "", "123", "a1B2", "  x", "ß", "ΣΑΣ.Σ", "Σ"]:
    print(repr(w.title()), repr(w.capitalize()), repr(w.swapcase()), repr(w.casefold()), w.isupper(), w.islower(), repr(w.upper()), repr(w.lower()))
for w in ["привет мир", "ΟΔΟΣ σας", "straße", "éCOLE"]:
    print(w.title(), w.capitalize(), w.swapcase(), w.casefold(), w.isupper(), w.islower())
