#!/usr/bin/env bash
# End-to-end: a real Flask app and the Rust examples (axum, actix-web) share
# one login over loopback sockets. See tests/e2e/test_e2e.py for what is
# checked. Needs python3 with Flask (requirements-test.txt).
#
#   bash tests/e2e/run.sh              # both examples
#   E2E_EXAMPLES=axum_session bash tests/e2e/run.sh
#
# Builds with --all-features, as .ci/run's `cargo test --all-features` does,
# so in CI the examples are already built and this step only runs them.
set -euo pipefail
cd "$(dirname "$0")/../.."

examples=${E2E_EXAMPLES:-axum_session actix_session}

if ! python3 -c "import flask" 2>/dev/null; then
    echo "tests/e2e: python3 cannot import flask; install requirements-test.txt" >&2
    exit 1
fi

build_args=()
for example in $examples; do
    build_args+=(--example "$example")
done
cargo build --all-features "${build_args[@]}"

target_dir=$(cargo metadata --no-deps --format-version 1 |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
binaries=()
for example in $examples; do
    binaries+=("$target_dir/debug/examples/$example")
done

# The driver starts and stops the servers itself; this trap only makes sure
# it is gone if this script is interrupted.
driver=
cleanup() {
    if [ -n "$driver" ]; then
        kill "$driver" 2>/dev/null || true
        wait "$driver" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
python3 tests/e2e/test_e2e.py "${binaries[@]}" &
driver=$!
status=0
wait "$driver" || status=$?
driver=
exit "$status"
