# printf-style widths and precisions from * (negative ones included) and format-spec widths.
for f, a in [("%*d|", (-5, 1)), ("%*d|", (5, 1)), ("%.*f", (-1, 1.5)), ("%.*f", (2, 1.2345)), ("%-*s|", (4, "x")),
             ("%5.1f|%-4d|%*s", (2.25, 3, 3, "x")), ("%*.*f|", (-8, 2, 3.14159))]:
    print(repr(f % a))
print(repr("{:>5}|{:<4}|{:^6.2f}".format("a", "b", 2.345)), f"{'x':*^7}", f"{12345:>10,}")
for f in ["{:>99999999999999999999}", "{:.99999999999999999999f}"]:
    try:
        f.format(1.5)
    except ValueError as e:
        print("ValueError:", e)
for f in ["%99999999999999999999d", "%.99999999999999999999f"]:
    try:
        f % 1
    except ValueError as e:
        print("ValueError:", e)
