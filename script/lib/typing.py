"""Type hints. Loopscope, like CPython, does not check them: these names exist so that programs
that import and subscript them run (and print as CPython's do)."""

TYPE_CHECKING = False


def _type_repr(t):
    if isinstance(t, type):
        if t.__module__ == "builtins":
            return t.__qualname__
        return t.__module__ + "." + t.__qualname__
    if t is ...:
        return "..."
    if isinstance(t, list):
        return "[" + ", ".join(_type_repr(a) for a in t) + "]"
    return repr(t)


class _Form:
    def __init__(self, name, args=()):
        self._name = name
        self._args = args

    def __getitem__(self, params):
        if self._args:
            raise TypeError(f"{self!r} is not a generic class")
        if not isinstance(params, tuple):
            params = (params,)
        return _Form(self._name, params)

    def __repr__(self):
        if not self._args:
            return "typing." + self._name
        if self._name == "Optional":
            return "typing.Optional[" + _type_repr(self._args[0]) + "]"
        return "typing." + self._name + "[" + ", ".join(_type_repr(a) for a in self._args) + "]"

    def __call__(self, *args, **kwargs):
        builtin = _BUILTINS.get(self._name)
        if builtin:
            raise TypeError(f"Type {self._name} cannot be instantiated; use {builtin}() instead")
        raise TypeError(f"Cannot instantiate {self!r}")

    def __or__(self, other):
        return _Form("Union", (self, other))

    def __ror__(self, other):
        return _Form("Union", (other, self))

    def __eq__(self, other):
        return isinstance(other, _Form) and (self._name, self._args) == (other._name, other._args)

    def __hash__(self):
        return hash((self._name, self._args))


_BUILTINS = {"List": "list", "Dict": "dict", "Set": "set", "FrozenSet": "frozenset", "Tuple": "tuple"}


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self._prefix = "+" if covariant else "-" if contravariant else "~"

    def __repr__(self):
        return self._prefix + self.__name__


class Generic:
    """Base of user-defined generic classes: `class Box(Generic[T])`."""

    @classmethod
    def __class_getitem__(cls, params):
        return cls


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def no_type_check(func):
    return func


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    return new_type


for _name in ("Any", "NoReturn", "Never", "Self", "ClassVar", "Final", "Literal", "Union", "Optional",
              "List", "Dict", "Set", "FrozenSet", "Tuple", "Type", "Callable", "Awaitable",
              "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "Iterable",
              "Iterator", "Generator", "Sequence", "MutableSequence", "Mapping", "MutableMapping",
              "Deque", "DefaultDict", "OrderedDict", "Counter", "ChainMap", "Annotated",
              "TypeAlias", "Hashable", "Sized", "Collection", "Container", "Reversible"):
    globals()[_name] = _Form(_name)
del _name
