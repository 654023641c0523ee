#!/usr/bin/env bash
# Runs every EXAMPLES/*.py through RUNNER. Programs with an expected-output file
# (EXPECTED/NAME.out, and NAME.in for their stdin: aiohttp and input() programs, which python3
# here cannot run) are checked against it; every other program against python3 (in parallel:
# python3 really sleeps).
# Usage: examples.sh EXAMPLES EXPECTED RUNNER [ARGS...]
set -u
examples=$(realpath "$1")
expected=$(realpath "$2")
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export examples expected tmp

check() {
  local f=$1 name input
  shift
  name=$(basename "$f" .py)
  input=/dev/null
  [[ -f $expected/$name.in ]] && input=$expected/$name.in
  (cd "$examples" && timeout 20 "$@" "$f" <"$input" >"$tmp/$name.ours" 2>"$tmp/$name.ours.err"; echo $? >"$tmp/$name.ours.rc")
  if [[ -f $expected/$name.out ]]; then
    cp "$expected/$name.out" "$tmp/$name.theirs"
    echo 0 >"$tmp/$name.theirs.rc"
  else
    # python3 sleeps on the real clock; on a loaded machine a late timer can reorder its tasks,
    # so a mismatch gets up to two more python3 runs (as in compare.sh).
    local attempt
    for attempt in 1 2 3; do
      (cd "$examples" && timeout 20 python3 "$f" <"$input" >"$tmp/$name.theirs" 2>/dev/null; echo $? >"$tmp/$name.theirs.rc")
      cmp -s "$tmp/$name.ours" "$tmp/$name.theirs" && cmp -s "$tmp/$name.ours.rc" "$tmp/$name.theirs.rc" && break
    done
  fi
  if cmp -s "$tmp/$name.ours" "$tmp/$name.theirs" && cmp -s "$tmp/$name.ours.rc" "$tmp/$name.theirs.rc"; then
    echo "ok   $name"
  else
    echo "FAIL $name"
    { echo "---- $name"; diff "$tmp/$name.theirs" "$tmp/$name.ours" | head -20; cat "$tmp/$name.ours.err"; } >"$tmp/$name.diff"
  fi
}
export -f check

files=("$examples"/*.py)
printf '%s\n' "${files[@]}" | xargs -P 8 -I{} bash -c 'check "$@"' _ {} "$@" >"$tmp/results"
sort "$tmp/results"
cat "$tmp"/*.diff 2>/dev/null
pass=$(grep -c '^ok' "$tmp/results")
echo "$pass/${#files[@]} examples match"
[[ $pass == "${#files[@]}" ]]
