#!/bin/sh
# run-fuzz-target.sh TARGET SEEDS [LIBFUZZER-ARGS...]: a short libFuzzer run of TARGET over a
# scratch copy of the seed folder SEEDS; new inputs it finds stay in the scratch copy, a crash
# input is written to the current folder and fails the test.
set -eu
target=$1
seeds=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/fc-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -d "$seeds" ]; then
  cp -R "$seeds"/. "$work"/
fi
"$target" "$@" "$work"
