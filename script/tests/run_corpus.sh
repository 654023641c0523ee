#!/bin/sh
# Compares loopscope-py with python3 on every corpus program; prints the
# names of programs whose stdout, stderr or exit status differ.
# usage: tests/run_corpus.sh path/to/loopscope-py
tool="$1"
cd "$(dirname "$0")/programs" || exit 2
fail=0
for f in *.py; do
  PYTHONHASHSEED=0 python3 "$f" >/tmp/c_py.out 2>/tmp/c_py.err </dev/null; a=$?
  "$tool" "$f" >/tmp/c_ls.out 2>/tmp/c_ls.err </dev/null; b=$?
  if ! cmp -s /tmp/c_py.out /tmp/c_ls.out || ! cmp -s /tmp/c_py.err /tmp/c_ls.err || [ $a != $b ]; then
    echo "DIFF $f"; fail=1
  fi
done
exit $fail
