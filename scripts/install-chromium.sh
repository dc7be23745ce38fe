#!/usr/bin/env bash
# Installs Debian's Chromium package (/usr/bin/chromium), which the report's browser test
# (spark-job: org.poglm.report.ReportBrowserIT) uses to open report.html headless.
# Idempotent: does nothing when /usr/bin/chromium already exists. Needs root (apt-get).
# Runs 'apt-get update' only when the install needs it: no candidate in the current package
# lists, or an install from them failed (stale lists naming versions the mirror dropped).
set -euo pipefail

BIN=/usr/bin/chromium

if [[ -x "$BIN" ]]; then
    echo "chromium already installed: $("$BIN" --version 2>/dev/null || echo "$BIN")"
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-chromium.sh: $BIN is missing and installing it needs root: sudo $0" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium.sh: $BIN is missing and there is no apt-get: install Chromium by other means" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
updated=false
update() {
    echo "install-chromium.sh: apt-get update" >&2
    apt-get update -q
    updated=true
}
install() {
    apt-get install -y -q --no-install-recommends chromium
}

candidate=$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ {print $2}')
if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    update
fi
if ! install; then
    if [[ "$updated" == true ]]; then
        echo "install-chromium.sh: apt-get install chromium failed" >&2
        exit 1
    fi
    update
    install
fi

if [[ ! -x "$BIN" ]]; then
    echo "install-chromium.sh: the chromium package is installed but $BIN is missing" >&2
    exit 1
fi
echo "installed: $("$BIN" --version 2>/dev/null || echo "$BIN")"
