#!/usr/bin/env bash
# Runs the live differential tests (tests/live_flask.rs,
# tests/live_itsdangerous.rs, tests/cli.rs) against Flask on other CPython
# versions: each of Python 3.12 and 3.13 that is installed, on PATH or as a
# pyenv version (or the interpreters in FLASK_COOKIE_OTHER_PYTHONS), in a
# virtualenv under target/ with requirements-test.txt, through
# FLASK_COOKIE_PYTHON.
#
# Python 3.12 and later inline comprehensions, so Flask nests sessions deeper
# there (659 JSON containers against 495 on 3.11); the rest should not change.
# A Python that is not installed, or a virtualenv that cannot be built (no
# package index), is skipped with a note: the reference run is the main test
# suite's, on the python3 the vectors were made with.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# An interpreter for Python $1 (3.12, say): on PATH, else pyenv's newest.
find_python() {
    if "python$1" -c 'import sys' >/dev/null 2>&1; then
        echo "python$1"
        return
    fi
    local root
    root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
    local found=""
    for candidate in "$root"/versions/"$1".*/bin/python"$1"; do
        if [ -x "$candidate" ]; then
            found=$candidate
        fi
    done
    echo "${found:-python$1}"
}

if [ -n "${FLASK_COOKIE_OTHER_PYTHONS:-}" ]; then
    read -r -a pythons <<<"$FLASK_COOKIE_OTHER_PYTHONS"
else
    pythons=("$(find_python 3.12)" "$(find_python 3.13)")
fi

for py in "${pythons[@]}"; do
    if ! "$py" -c 'import sys' >/dev/null 2>&1; then
        echo "$py: not installed, skipped"
        continue
    fi
    version=$("$py" -c 'import platform; print(platform.python_version())')
    venv="target/python-$version"
    if ! "$venv/bin/python" -c 'import flask, itsdangerous' >/dev/null 2>&1; then
        rm -rf "$venv"
        if ! { "$py" -m venv "$venv" &&
            "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
                -r requirements-test.txt; }; then
            echo "Python $version: no virtualenv with requirements-test.txt could be built, skipped"
            continue
        fi
    fi
    echo "Python $version: $("$venv/bin/python" -c 'import importlib.metadata as m; print(*(f"{p} {m.version(p)}" for p in ("flask", "itsdangerous", "werkzeug")), sep=", ")')"
    FLASK_COOKIE_PYTHON="$venv/bin/python" FLASK_COOKIE_REQUIRE_ORACLE=1 \
        cargo test --all-features --test live_flask --test live_itsdangerous --test cli
done
