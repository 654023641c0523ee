x, y = 3.14159, 42
name = "Ada"
print(f"{x:.2f} {y:5d} {y:<5}| {y:^7}| {y:>6}|{name!r} {name!s}")
print(f"{1234567:,} {1234567.891:,.2f} {0.25:.1%} {y:x} {y:X} {y:o} {y:b} {y:#x}")
print(f"{x:10.3f}|{x:<10.3f}|{-x:+.1f}|{y:+d}|{y:08.3f}|{-42:05d}")
print(f"{'nested ' + name.upper()} {[i*i for i in range(3)]} {len(name)=}")
w = 10
print(f"{name:>{w}}|{x:.{2}f}|{{literal}}")
print("{} and {}".format("a", "b"), "{1}{0}".format("x", "y"), "{name}!".format(name="Bob"))
print("{:>8.2f}|{:,}|{!r}".format(2.5, 10**6, "q"))
print("%s is %d years, %.2f%%" % ("Al", 30, 99.5), "%5s|%-5s|" % ("a", "b"), "%r" % "z")
print(format(3.0, ".3e"), format(1e-7, "g"), format(123456789, "_"), format(0.5, ""))

# self-documenting expressions keep the whitespace around '='
x = 5
name = "ab"
print(f"{x = !s}|{x=:>5}|{x = :>5}|{name=}|{name = !s:>4}|{x+1=}|{ x =}|{x * 2 = }")
print(f"{x==5}|{x!=4}|{x>=5=}")
