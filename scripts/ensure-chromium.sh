#!/usr/bin/env bash
# The browser tests drive Debian's chromium package through playwright-core (never a downloaded
# browser build), and read Chinese pages (screenshots need a CJK font). Installs what is missing
# (CI runs as root on Debian 12); CHROMIUM_PATH overrides where chromium is.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then missing+=(fonts-wqy-microhei); fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages for the browser tests: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
