"""Higher-order functions: CPython's functools, the parts tutorials use (partial, wraps,
reduce, lru_cache, cache, total_ordering)."""

# CPython's are C: no traceback frames of their own (see hide_c_implemented).
__c_implemented__ = ("partial", "reduce", "_LruCacheWrapper", "cmp_to_key")

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__", "__annotations__")
WRAPPER_UPDATES = ("__dict__",)


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        getattr(wrapper, attr).update(getattr(wrapped, attr, {}))
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return decorator


class partial:
    """partial(func, *args, **keywords): func with some arguments given in advance."""

    def __init__(self, func, /, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, /, *args, **keywords):
        keywords = {**self.keywords, **keywords}
        return self.func(*self.args, *args, **keywords)

    def __repr__(self):
        parts = [repr(self.func)]
        parts.extend(repr(x) for x in self.args)
        parts.extend(f"{k}={v!r}" for k, v in self.keywords.items())
        return f"functools.partial({', '.join(parts)})"


_initial_missing = object()


def reduce(function, sequence, initial=_initial_missing):
    it = iter(sequence)
    if initial is _initial_missing:
        try:
            value = next(it)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value") from None
    else:
        value = initial
    for element in it:
        value = function(value, element)
    return value


def _cache_info(hits, misses, maxsize, currsize):
    return f"CacheInfo(hits={hits}, misses={misses}, maxsize={maxsize}, currsize={currsize})"


class _LruCacheWrapper:
    def __init__(self, func, maxsize):
        self.__wrapped__ = func
        self.__name__ = func.__name__
        self.__qualname__ = func.__qualname__
        self.__doc__ = getattr(func, "__doc__", None)
        self._maxsize = maxsize
        self._cache = {}
        self._hits = self._misses = 0

    def __call__(self, *args, **kwds):
        key = args
        if kwds:
            key += (_kwd_mark,) + tuple(kwds.items())
        if key in self._cache:
            self._hits += 1
            value = self._cache.pop(key)
            self._cache[key] = value  # most recently used last
            return value
        self._misses += 1
        value = self.__wrapped__(*args, **kwds)
        self._cache[key] = value
        if self._maxsize is not None and len(self._cache) > self._maxsize:
            del self._cache[next(iter(self._cache))]
        return value

    def cache_info(self):
        return _cache_info(self._hits, self._misses, self._maxsize, len(self._cache))

    def cache_clear(self):
        self._cache.clear()
        self._hits = self._misses = 0

    def __repr__(self):
        return f"<functools._lru_cache_wrapper object at {hex(id(self))}>"


_kwd_mark = object()


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and not isinstance(maxsize, int):
        return _LruCacheWrapper(maxsize, 128)
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorating_function(user_function):
        return _LruCacheWrapper(user_function, maxsize)
    return decorating_function


def cache(user_function):
    return _LruCacheWrapper(user_function, None)


def total_ordering(cls):
    """Fills in the rich comparisons a class leaves out from the one it defines."""
    d = cls.__dict__
    if "__lt__" in d:
        cls.__gt__ = lambda self, other: other < self
        cls.__le__ = lambda self, other: not other < self
        cls.__ge__ = lambda self, other: not self < other
    elif "__le__" in d:
        cls.__ge__ = lambda self, other: other <= self
        cls.__lt__ = lambda self, other: not other <= self
        cls.__gt__ = lambda self, other: not self <= other
    elif "__gt__" in d:
        cls.__lt__ = lambda self, other: other > self
        cls.__ge__ = lambda self, other: not other > self
        cls.__le__ = lambda self, other: not self > other
    elif "__ge__" in d:
        cls.__le__ = lambda self, other: other >= self
        cls.__gt__ = lambda self, other: not other >= self
        cls.__lt__ = lambda self, other: not self >= other
    else:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    return cls


def cmp_to_key(mycmp):
    """Turns an old-style comparison function (negative, zero, positive) into a key function."""

    class KeyWrapper:
        __slots__ = ["obj"]

        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None

    return KeyWrapper

