students = [
    {"name": "Ana", "grades": [90, 85, 77]},
    {"name": "Ben", "grades": [60, 75, 80]},
    {"name": "Cid", "grades": [88, 92, 95]},
]
for s in students:
    avg = sum(s["grades"]) / len(s["grades"])
    s["avg"] = round(avg, 1)
    print(f"{s['name']:<5}{avg:>8.2f}")
best = max(students, key=lambda s: s["avg"])
print(best["name"], [s["name"] for s in sorted(students, key=lambda s: -s["avg"])])
by_letter = {}
for s in students:
    by_letter.setdefault(s["name"][0], []).append(s["avg"])
print(by_letter)
