class ValidationError(ValueError):
    def __init__(self, field, problem):
        self.field = field
        super().__init__(f"{field}: {problem}")
def validate(user):
    if "name" not in user:
        raise ValidationError("name", "required")
    if len(user["name"]) < 2:
        raise ValidationError("name", "too short")
    return True
for u in [{}, {"name": "X"}, {"name": "Xi"}]:
    try:
        print(validate(u))
    except ValueError as e:
        print(type(e).__name__, e.field, str(e), isinstance(e, Exception))
try:
    raise TimeoutError("slow")
except OSError as e:
    print("OSError caught", type(e).__name__, e)
e = ExceptionGroup("many", [ValueError("a"), TypeError("b")])
print(e, e.exceptions, len(e.exceptions))
try:
    raise NotImplementedError
except RuntimeError as err:
    print(repr(err), str(err) == "")
