"""JSON encoding and decoding: CPython's json (dumps, loads, JSONDecodeError), with its output
and its error messages."""

__all__ = ["dumps", "loads", "JSONDecodeError"]


class JSONDecodeError(ValueError):
    """A document that is not JSON: msg, doc, pos, lineno, colno."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__(f"{msg}: line {lineno} column {colno} (char {pos})")
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _encode_string(s, ensure_ascii):
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or (ensure_ascii and code > 0x7E):
            if code > 0xFFFF:
                code -= 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 | (code >> 10), 0xDC00 | (code & 0x3FF)))
            else:
                out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _encode_float(f, allow_nan):
    if f != f:
        text = "NaN"
    elif f == float("inf"):
        text = "Infinity"
    elif f == -float("inf"):
        text = "-Infinity"
    else:
        return repr(f)
    if not allow_nan:
        raise ValueError("Out of range float values are not JSON compliant")
    return text


def _scalar_text(o, allow_nan):
    """null, true, false, a number's text; None for anything else."""
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return str(o)
    if isinstance(o, float):
        return _encode_float(o, allow_nan)
    return None


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None,
          indent=None, separators=None, default=None, sort_keys=False, **kw):
    if indent is not None and not isinstance(indent, str):
        indent = " " * indent
    if separators is not None:
        item_sep, key_sep = separators
    elif indent is not None:
        item_sep, key_sep = ",", ": "
    else:
        item_sep, key_sep = ", ", ": "
    markers = set()

    def key_text(key):
        return key if isinstance(key, str) else _scalar_text(key, allow_nan)

    def encode(o, level):
        if isinstance(o, str):
            return _encode_string(o, ensure_ascii)
        scalar = _scalar_text(o, allow_nan)
        if scalar is not None:
            return scalar
        if isinstance(o, (list, tuple, dict)):
            if check_circular:
                if id(o) in markers:
                    raise ValueError("Circular reference detected")
                markers.add(id(o))
            if isinstance(o, dict):
                items = []
                pairs = sorted(o.items()) if sort_keys else o.items()
                for key, value in pairs:
                    text = key_text(key)
                    if text is None:
                        if skipkeys:
                            continue
                        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
                    items.append(_encode_string(text, ensure_ascii) + key_sep + encode(value, level + 1))
                text = _join("{", items, "}", level)
            else:
                text = _join("[", [encode(v, level + 1) for v in o], "]", level)
            if check_circular:
                markers.discard(id(o))
            return text
        if default is not None:
            return encode(default(o), level)
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    def _join(open_, parts, close, level):
        if not parts:
            return open_ + close
        if indent is None:
            return open_ + item_sep.join(parts) + close
        inner = "\n" + indent * (level + 1)
        return open_ + inner + (item_sep + inner).join(parts) + "\n" + indent * level + close

    return encode(obj, 0)


_WHITESPACE = " \t\n\r"
_UNESCAPE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_NUMBER_CHARS = "0123456789+-.eE"


def loads(s, **kw):
    if not isinstance(s, str):
        raise TypeError(f"the JSON object must be str, bytes or bytearray, not {type(s).__name__}")
    pos = _skip(s, 0)
    value, pos = _value(s, pos)
    pos = _skip(s, pos)
    if pos != len(s):
        raise JSONDecodeError("Extra data", s, pos)
    return value


def _skip(s, pos):
    while pos < len(s) and s[pos] in _WHITESPACE:
        pos += 1
    return pos


def _value(s, pos):
    if pos >= len(s):
        raise JSONDecodeError("Expecting value", s, pos)
    ch = s[pos]
    if ch == '"':
        return _string(s, pos + 1)
    if ch == "{":
        return _object(s, pos + 1)
    if ch == "[":
        return _array(s, pos + 1)
    for word, value in (("null", None), ("true", True), ("false", False), ("NaN", float("nan")),
                        ("Infinity", float("inf")), ("-Infinity", -float("inf"))):
        if s.startswith(word, pos):
            return value, pos + len(word)
    end = pos
    while end < len(s) and s[end] in _NUMBER_CHARS:
        end += 1
    text = s[pos:end]
    if text and (text[0].isdigit() or (text[0] == "-" and len(text) > 1 and text[1].isdigit())):
        try:
            if any(c in text for c in ".eE"):
                return float(text), end
            return int(text), end
        except ValueError:
            pass
    raise JSONDecodeError("Expecting value", s, pos)


def _string(s, pos):
    start = pos - 1
    chunks = []
    while True:
        if pos >= len(s):
            raise JSONDecodeError("Unterminated string starting at", s, start)
        ch = s[pos]
        if ch == '"':
            return "".join(chunks), pos + 1
        if ch == "\\":
            if pos + 1 >= len(s):
                raise JSONDecodeError("Unterminated string starting at", s, start)
            esc = s[pos + 1]
            if esc == "u":
                code = _hex4(s, pos + 2, pos)
                pos += 6
                if 0xD800 <= code <= 0xDBFF and s.startswith("\\u", pos):
                    low = _hex4(s, pos + 2, pos)
                    if 0xDC00 <= low <= 0xDFFF:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        pos += 6
                chunks.append(chr(code))
                continue
            if esc not in _UNESCAPE:
                raise JSONDecodeError("Invalid \\escape", s, pos)
            chunks.append(_UNESCAPE[esc])
            pos += 2
            continue
        if ord(ch) < 0x20:
            raise JSONDecodeError("Invalid control character at", s, pos)
        chunks.append(ch)
        pos += 1


def _hex4(s, pos, escape_pos):
    digits = s[pos:pos + 4]
    if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
        return int(digits, 16)
    raise JSONDecodeError("Invalid \\uXXXX escape", s, escape_pos)


def _object(s, pos):
    result = {}
    pos = _skip(s, pos)
    if pos < len(s) and s[pos] == "}":
        return result, pos + 1
    while True:
        if pos >= len(s) or s[pos] != '"':
            raise JSONDecodeError("Expecting property name enclosed in double quotes", s, pos)
        key, pos = _string(s, pos + 1)
        pos = _skip(s, pos)
        if pos >= len(s) or s[pos] != ":":
            raise JSONDecodeError("Expecting ':' delimiter", s, pos)
        pos = _skip(s, pos + 1)
        result[key], pos = _value(s, pos)
        done, pos = _after_item(s, pos, "}")
        if done:
            return result, pos


def _array(s, pos):
    result = []
    pos = _skip(s, pos)
    if pos < len(s) and s[pos] == "]":
        return result, pos + 1
    while True:
        value, pos = _value(s, pos)
        result.append(value)
        done, pos = _after_item(s, pos, "]")
        if done:
            return result, pos


def _after_item(s, pos, close):
    """After a container's item: (True, the end) at its closing bracket, or (False, where the
    next item starts) after a comma."""
    pos = _skip(s, pos)
    if pos < len(s) and s[pos] == close:
        return True, pos + 1
    if pos >= len(s) or s[pos] != ",":
        raise JSONDecodeError("Expecting ',' delimiter", s, pos)
    return False, _skip(s, pos + 1)
