"""The part of the builtins easier written in Python (builtins.cpp calls into it)."""


async def anext_default(awaitable, default):
    """What anext(iterator, default) returns: the next item, or default at the end."""
    try:
        return await awaitable
    except StopAsyncIteration:
        return default
