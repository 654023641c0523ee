# Type hints: typing's names import, subscript and print as CPython's; nothing checks them.
from typing import Any, Callable, Dict, Generic, List, Optional, Tuple, TypeVar, Union, cast

T = TypeVar("T")
print(List, List[int], Dict[str, int], Optional[int], Union[int, str], Any, T)
print(Callable[[int], str], Tuple[int, ...], List[int] == List[int])


class Box(Generic[T]):
    def __init__(self, value: T) -> None:
        self.value = value


count: int = 3
names: List[str] = ["a", "b"]


def describe(box: Box, label: Optional[str] = None) -> Dict[str, Any]:
    extra: List[int] = []
    return {"value": box.value, "label": label, "extra": extra}


def fetch(url: str, retries: int = 3) -> Dict[str, Union[str, int]]:
    return {"url": url, "retries": retries}


print(describe(Box(3)), cast(int, "not checked"), count, names)
print(fetch("https://example.com"))
try:
    List[int]()
except TypeError as e:
    print(e)
