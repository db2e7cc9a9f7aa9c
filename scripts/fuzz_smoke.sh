#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a short fixed time (CI smoke run).
#
#   bash scripts/fuzz_smoke.sh                  # 20 s per target
#   FUZZ_SECONDS=600 bash scripts/fuzz_smoke.sh # the 10-minute campaign (see SECURITY.md)
#   FUZZ_TARGETS="inflate_cap json_reader" bash scripts/fuzz_smoke.sh
#
# Installs cargo-fuzz when it is missing. Works on the stable toolchain:
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z sanitizer flags. Each target
# starts from its committed seeds (fuzz/seeds/<target>) and grows its corpus in
# fuzz/corpus/<target> (gitignored). A crash fails the run; libFuzzer leaves
# the input in fuzz/artifacts/<target>/ and prints how to reproduce it.
set -euo pipefail

SECONDS_PER_TARGET="${FUZZ_SECONDS:-20}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/fuzz"

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz not found: installing it (cargo install cargo-fuzz)"
    cargo install --locked cargo-fuzz
fi

# Per-target libFuzzer options: longer inputs where the limits live above
# 4 KiB (the 8 KiB token limit, zlib bombs), and a cap on any single
# allocation for the bomb target (which also asserts its own heap peak with a
# counting allocator). The process-wide -rss_limit_mb stays at libFuzzer's
# default of 2048: ASan's 256 MiB quarantine and the growing corpus alone
# take a long run past 512 MiB while the live heap stays around 35 MiB.
options_for() {
    case "$1" in
        cookie_unknown_key) echo "-max_len=9000" ;;
        json_reader) echo "-max_len=8192" ;;
        inflate_cap) echo "-max_len=16384 -malloc_limit_mb=256" ;;
        # Inputs repeat up to 8 times, so 8 KiB reaches past the 16 KiB
        # JSON where our deflate port hands over to zlib.
        deflate_exact) echo "-max_len=8192" ;;
        *) echo "" ;;
    esac
}

TARGETS="${FUZZ_TARGETS:-$(cargo fuzz list)}"
cargo fuzz build

failed=()
for target in $TARGETS; do
    mkdir -p "corpus/$target" "artifacts/$target"
    echo "=== $target: ${SECONDS_PER_TARGET}s"
    log="${TMPDIR:-/tmp}/fuzz_smoke_$target.log"
    rc=0
    # Not every target has committed seeds (libFuzzer fails on a missing
    # corpus directory).
    seeds=()
    if [ -d "seeds/$target" ]; then
        seeds=("seeds/$target")
    fi
    # shellcheck disable=SC2046 # the options are meant to split into words
    cargo fuzz run "$target" "corpus/$target" ${seeds[@]+"${seeds[@]}"} -- \
        -max_total_time="$SECONDS_PER_TARGET" \
        -rss_limit_mb=2048 \
        -print_final_stats=1 \
        $(options_for "$target") >"$log" 2>&1 || rc=$?
    grep -E "^(stat::|Done|==[0-9]+==|thread .* panicked|SUMMARY)" "$log" || true
    if [ "$rc" -ne 0 ]; then
        failed+=("$target")
        tail -n 40 "$log"
        echo "!!! $target failed (exit $rc): full log in $log, input in fuzz/artifacts/$target/"
    fi
done

if [ "${#failed[@]}" -ne 0 ]; then
    echo "fuzz smoke: ${#failed[@]} target(s) failed: ${failed[*]}"
    exit 1
fi
echo "fuzz smoke: every target ran ${SECONDS_PER_TARGET}s without a crash"
