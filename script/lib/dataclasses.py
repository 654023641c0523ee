"""Classes whose __init__, __repr__ and __eq__ come from their annotated fields: CPython's
dataclasses (dataclass, field, fields, asdict, astuple, replace, FrozenInstanceError). CPython
writes the methods as source and compiles them; here they are general functions that read the
class's fields, with the same behaviour and messages."""

_MISSING = object()


class FrozenInstanceError(AttributeError):
    pass


class Field:
    def __init__(self, default, default_factory, init, repr, compare, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare
        self.kw_only = kw_only

    def __repr__(self):
        return f"Field(name={self.name!r},type={self.type!r},default={self.default!r},default_factory={self.default_factory!r},init={self.init!r},repr={self.repr!r},compare={self.compare!r})"


def field(*, default=_MISSING, default_factory=_MISSING, init=True, repr=True, compare=True, kw_only=False):
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, compare, kw_only)


def fields(class_or_instance):
    try:
        return tuple(class_or_instance.__dataclass_fields__.values())
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None


def is_dataclass(obj):
    return hasattr(obj, "__dataclass_fields__")


def _value_copy(value, dict_factory):
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value, dict_factory=dict_factory)
    if isinstance(value, list):
        return [_value_copy(v, dict_factory) for v in value]
    if isinstance(value, tuple):
        return tuple(_value_copy(v, dict_factory) for v in value)
    if isinstance(value, dict):
        return {_value_copy(k, dict_factory): _value_copy(v, dict_factory) for k, v in value.items()}
    return value


def asdict(obj, *, dict_factory=dict):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("asdict() should be called on dataclass instances")
    return dict_factory([(f.name, _value_copy(getattr(obj, f.name), dict_factory)) for f in fields(obj)])


def astuple(obj):
    if not is_dataclass(obj) or isinstance(obj, type):
        raise TypeError("astuple() should be called on dataclass instances")
    return tuple(_value_copy(getattr(obj, f.name), dict) for f in fields(obj))


def replace(obj, /, **changes):
    for f in fields(obj):
        if f.init and f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def _make_init(cls):
    # The class's fields, as when it was made (CPython compiles them into the method).
    all_fields = list(cls.__dataclass_fields__.values())
    init_fields = [f for f in all_fields if f.init]
    positional = [f for f in init_fields if not f.kw_only]
    qualname = cls.__qualname__ + ".__init__"

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            required = sum(1 for f in positional if f.default is _MISSING and f.default_factory is _MISSING)
            if required < len(positional):
                takes = f"from {required + 1} to {len(positional) + 1} positional arguments"
            else:
                takes = f"{len(positional) + 1} positional argument{'s' if len(positional) else ''}"
            raise TypeError(f"{qualname}() takes {takes} but {len(args) + 1} were given")
        values = {}
        for f, value in zip(positional, args):
            values[f.name] = value
        for name, value in kwargs.items():
            if name in values:
                raise TypeError(f"{qualname}() got multiple values for argument '{name}'")
            if not any(f.name == name for f in init_fields):
                raise TypeError(f"{qualname}() got an unexpected keyword argument '{name}'")
            values[name] = value
        missing = []
        for f in init_fields:
            if f.name in values:
                continue
            if f.default is not _MISSING:
                values[f.name] = f.default
            elif f.default_factory is not _MISSING:
                values[f.name] = f.default_factory()
            else:
                missing.append(f)
        if missing:
            kind = "keyword-only" if all(f.kw_only for f in missing) else "positional"
            names = [repr(f.name) for f in missing]
            listed = names[0] if len(names) == 1 else (", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1])
            raise TypeError(f"{qualname}() missing {len(missing)} required {kind} argument{'s' if len(missing) > 1 else ''}: {listed}")
        for f in all_fields:
            if f.init:
                value = values[f.name]
            elif f.default is not _MISSING:
                value = f.default
            elif f.default_factory is not _MISSING:
                value = f.default_factory()
            else:
                continue
            object.__setattr__(self, f.name, value)
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()
    __init__.__qualname__ = qualname
    return __init__


def _repr(self):
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.__dataclass_fields__.values() if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


def _key(obj):
    return tuple(getattr(obj, f.name) for f in obj.__dataclass_fields__.values() if f.compare)


def _eq(self, other):
    if other.__class__ is self.__class__:
        return _key(self) == _key(other)
    return NotImplemented


def _order(op_name, op):
    def method(self, other):
        if other.__class__ is self.__class__:
            return op(_key(self), _key(other))
        return NotImplemented
    method.__name__ = op_name
    return method


def _frozen_setattr(self, name, value):
    if name in self.__dataclass_fields__:
        raise FrozenInstanceError(f"cannot assign to field '{name}'")
    object.__setattr__(self, name, value)


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field '{name}'")


def _process_class(cls, init, repr, eq, order, frozen, kw_only):
    all_fields = {}
    for base in reversed(cls.__mro__[1:]):
        for f in getattr(base, "__dataclass_fields__", {}).values():
            all_fields[f.name] = f
    annotations = cls.__dict__.get("__annotations__", {})
    for name, type_ in annotations.items():
        default = cls.__dict__.get(name, _MISSING)
        if isinstance(default, Field):
            f = default
            if f.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            f = field(default=default)
        f.name = name
        f.type = type_
        if kw_only:
            f.kw_only = True
        if isinstance(f.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory")
        all_fields[name] = f
    seen_default = False
    for f in all_fields.values():
        if not f.init or f.kw_only:
            continue
        if f.default is not _MISSING or f.default_factory is not _MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError(f"non-default argument '{f.name}' follows default argument")
    cls.__dataclass_fields__ = all_fields
    if init:
        cls.__init__ = _make_init(cls)
    if repr:
        cls.__repr__ = _repr
    if eq:
        cls.__eq__ = _eq
        cls.__hash__ = None if not frozen else (lambda self: hash(_key(self)))
    if order:
        cls.__lt__ = _order("__lt__", lambda a, b: a < b)
        cls.__le__ = _order("__le__", lambda a, b: a <= b)
        cls.__gt__ = _order("__gt__", lambda a, b: a > b)
        cls.__ge__ = _order("__ge__", lambda a, b: a >= b)
    if frozen:
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    return cls


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False,
              frozen=False, match_args=True, kw_only=False, slots=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, frozen, kw_only)
    if cls is None:
        return wrap
    return wrap(cls)
