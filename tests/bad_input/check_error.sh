#!/usr/bin/env bash
# Runs a command that must fail cleanly on a bad input, and checks how it failed:
#   exit status in 1..127 (not a signal/crash), stderr exactly one line starting with "error:",
#   containing KEYWORD and (with --forbid) not containing TEXT.
#
#   check_error.sh [--forbid TEXT] [--symlink-case MODEL WORKDIR] KEYWORD -- COMMAND ARGS...
#
# --symlink-case copies MODEL into WORKDIR/model/ next to a symlink that points outside that folder
# (WORKDIR/outside.bin); "@MODEL@" in the command is replaced by the copy's path. The link is made
# here rather than committed because symlinks do not survive every checkout.
set -u

forbid=""
model_override=""
while [ $# -gt 0 ]; do
  case "$1" in
    --forbid) forbid="$2"; shift 2 ;;
    --symlink-case)
      src="$2"; work="$3"; shift 3
      rm -rf "$work" && mkdir -p "$work/model" || exit 2
      head -c 16 /dev/zero > "$work/outside.bin"
      cp "$src" "$work/model/model.onnx" || exit 2
      ln -s ../outside.bin "$work/model/symlink_escape.bin" || exit 2
      model_override="$work/model/model.onnx"
      ;;
    --) shift; break ;;
    *) keyword="$1"; shift ;;
  esac
done
if [ -z "${keyword:-}" ] || [ $# -eq 0 ]; then
  echo "usage: $0 [--forbid TEXT] [--symlink-case MODEL WORKDIR] KEYWORD -- COMMAND ARGS..." >&2
  exit 2
fi
cmd=()
for a in "$@"; do cmd+=("${a//@MODEL@/$model_override}"); done

errfile=$(mktemp)
trap 'rm -f "$errfile"' EXIT
"${cmd[@]}" >/dev/null 2>"$errfile"
status=$?
err=$(cat "$errfile")
lines=$(wc -l < "$errfile")

fail() {
  echo "FAIL: $1"
  echo "command: ${cmd[*]}"
  echo "exit status: $status"
  echo "stderr:"
  cat "$errfile"
  exit 1
}
[ "$status" -ne 0 ] || fail "the command succeeded on a bad input"
[ "$status" -lt 128 ] || fail "the command died from a signal (status >= 128)"
[ "$lines" -eq 1 ] || fail "stderr has $lines lines, expected exactly one"
[[ "$err" == error:* ]] || fail "stderr does not start with 'error:'"
[[ "$err" == *"$keyword"* ]] || fail "stderr does not mention '$keyword'"
if [ -n "$forbid" ] && [[ "$err" == *"$forbid"* ]]; then
  fail "stderr mentions '$forbid' (the check must fail for the intended reason)"
fi
echo "ok: $err"
