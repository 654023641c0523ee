# json: dumps (indent, sort_keys, separators, ensure_ascii, default) and loads, with CPython's errors.
import json

data = {"name": "Ann", "age": 30, "tags": ["a", "b"], "ok": True, "none": None, "ratio": 0.1,
        "nested": {"x": [1, 2.5, {"y": []}], "e": {}}, 3: "int key", "unicode": "héllo ✓ 😀"}
print(json.dumps(data))
print(json.dumps(data, indent=2, sort_keys=False))
print(json.dumps({"b": 1, "a": [1, 2]}, sort_keys=True, separators=(",", ":")))
print(json.dumps("héllo ✓", ensure_ascii=False), json.dumps([1e100, 1e-5, -0.0, 12345678901234567890]))
print(json.dumps({"a": {1, 2}} if False else [float("inf"), float("nan")]))
print(json.dumps({"when": object()}, default=lambda o: "an object"))
text = '{"name": "Bob", "scores": [1, 2.5, -3e2], "active": false, "meta": null, "s": "a\\nb\\u00e9\\ud83d\\ude00"}'
obj = json.loads(text)
print(obj, obj["scores"][2], type(obj["scores"][1]).__name__)
print(json.loads(json.dumps(data)) == {str(k): v for k, v in data.items()})
for bad in ['', '{"a" 1}', '{"a": 1,}', '[1, 2', '{a: 1}', '"abc', '[1] x', 'nul', '"\\q"']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(repr(bad), "->", e, isinstance(e, ValueError), e.pos)
for bad in [{(1, 2): 3}, {"x": object}, [float("nan")]]:
    try:
        print(json.dumps(bad, allow_nan=False))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
