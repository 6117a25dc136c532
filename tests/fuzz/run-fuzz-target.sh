#!/bin/sh
# run-fuzz-target.sh TARGET SEEDS [LIBFUZZER-ARGS...]: a short libFuzzer run of TARGET over a
# scratch copy of the seed folder SEEDS; new inputs it finds stay in the scratch copy, a crash
# input is written to the current folder and fails the test. FC_FUZZ_SECONDS, when set, bounds
# the run's time instead of the -max_total_time given (libFuzzer takes a flag's last value).
set -eu
target=$1
seeds=$2
shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/fc-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -d "$seeds" ]; then
  cp -R "$seeds"/. "$work"/
fi
if [ -n "${FC_FUZZ_SECONDS:-}" ]; then
  set -- "$@" "-max_total_time=$FC_FUZZ_SECONDS"
fi
# libFuzzer's own exit status for a crash or a leak is 77, which meson reads as "skipped"
"$target" -error_exitcode=1 "$@" "$work"
