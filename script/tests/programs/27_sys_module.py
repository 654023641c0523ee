import sys
print(sys.argv[0].endswith(".py"))
sys.stdout.write("written directly\n")
print("to stderr", file=sys.stderr)
print("a", "b", sep="-", end="!\n")
sys.exit(3)
