#!/usr/bin/env bash
# Installs what building, running and testing Roster needs and the machine lacks:
# librdkafka (headers and pkg-config file), SQLite and zlib headers, kcat (Debian/Ubuntu packages), and
# Python's openpyxl (pip).
set -euo pipefail

missing=()
pkg-config --exists rdkafka 2>/dev/null || missing+=(librdkafka-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
command -v kcat >/dev/null 2>&1 || missing+=(kcat)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v curl >/dev/null 2>&1 || missing+=(curl)

if ((${#missing[@]} > 0)); then
    if [[ $(id -u) -eq 0 ]]; then
        echo "installing: ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "missing system packages: ${missing[*]}" >&2
        echo "install them with: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

# Python's openpyxl reads exported workbooks back in the exporter's tests.
if ! python3 -c "import openpyxl" >/dev/null 2>&1; then
    echo "installing: openpyxl (pip)" >&2
    python3 -m pip install --quiet openpyxl
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "the Swift toolchain (6.1 or later) is not on PATH; install it from swift.org" >&2
    exit 1
fi
