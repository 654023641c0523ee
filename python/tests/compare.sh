#!/usr/bin/env bash
# Differential test: runs every DIR/*.py with python3 and with RUNNER (any command line that takes
# the file last, e.g. `loopscope-run --clock virtual` or `node bin/loopscope.mjs run --clock
# virtual`). stdout and the exit status must match byte for byte; stderr must match too after
# dropping the frames of asyncio's own files (runners.py, base_events.py, ...), which CPython
# prints and Loopscope has no source for. A program containing the line `# stderr: skip` is
# compared on stdout and exit status only.
# Usage: compare.sh DIR RUNNER [ARGS...]
set -u
dir=$(realpath "$1")
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Drops traceback entries whose file is inside the asyncio package (two to four lines each),
# also inside an exception group's box, where every line starts with a margin ("  | ").
normalize() {
  python3 - "$1" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")
out, skip, margin = [], False, ""
for line in lines:
    m = re.match(r'((?: *[|+] )?)  File "([^"]*)", line \d+', line)
    if m:
        margin = m.group(1).replace("+", "|")
        skip = re.search(r"(^|/)asyncio/", m.group(2)) is not None
        if skip:
            continue
    elif skip and line.startswith(margin + "    "):
        continue
    else:
        skip = False
    out.append(line)
sys.stdout.write("\n".join(out))
PY
}

check() {
  local f=$1 name
  shift
  name=$(basename "$f" .py)
  (cd "$(dirname "$f")" && timeout 20 python3 "$f" >"$tmp/$name.py.out" 2>"$tmp/$name.py.err" </dev/null; echo $? >"$tmp/$name.py.rc")
  (cd "$(dirname "$f")" && timeout 20 "$@" "$f" >"$tmp/$name.ls.out" 2>"$tmp/$name.ls.err" </dev/null; echo $? >"$tmp/$name.ls.rc")
  # python3 runs on the real clock: on a loaded machine its timers can fire late enough to
  # reorder tasks that a quiet machine (and Loopscope's virtual clock) keep apart. So on a
  # mismatch python3 runs again, up to twice; Loopscope's side is deterministic and runs once.
  local ok attempt
  for attempt in 1 2 3; do
    if [[ $attempt -gt 1 ]]; then
      (cd "$(dirname "$f")" && timeout 20 python3 "$f" >"$tmp/$name.py.out" 2>"$tmp/$name.py.err" </dev/null; echo $? >"$tmp/$name.py.rc")
    fi
    ok=1
    cmp -s "$tmp/$name.py.out" "$tmp/$name.ls.out" || ok=0
    cmp -s "$tmp/$name.py.rc" "$tmp/$name.ls.rc" || ok=0
    if ! grep -q '^# stderr: skip' "$f"; then
      normalize "$tmp/$name.py.err" >"$tmp/$name.py.nerr"
      normalize "$tmp/$name.ls.err" >"$tmp/$name.ls.nerr"
      cmp -s "$tmp/$name.py.nerr" "$tmp/$name.ls.nerr" || ok=0
    fi
    [[ $ok == 1 ]] && break
  done
  if [[ $ok == 1 ]]; then
    if [[ $attempt == 1 ]]; then echo "ok   $name"; else echo "ok   $name (python3 matched on run $attempt)"; fi
  else
    echo "FAIL $name"
    {
      echo "---- $name: python3 (exit $(cat "$tmp/$name.py.rc")) / loopscope (exit $(cat "$tmp/$name.ls.rc"))"
      diff <(cat "$tmp/$name.py.out"; echo "== stderr"; normalize "$tmp/$name.py.err") \
           <(cat "$tmp/$name.ls.out"; echo "== stderr"; normalize "$tmp/$name.ls.err") | head -40
    } >"$tmp/$name.diff"
  fi
}
export -f check normalize
export tmp

files=("$dir"/*.py)
printf '%s\n' "${files[@]}" | xargs -P 8 -I{} bash -c 'check "$@"' _ {} "$@" >"$tmp/results"
sort "$tmp/results"
cat "$tmp"/*.diff 2>/dev/null
pass=$(grep -c '^ok' "$tmp/results")
total=${#files[@]}
echo "$pass/$total programs match python3"
[[ $pass == "$total" ]]
