#!/usr/bin/env bash
# Installs Debian's chromium for the end-to-end web tests (tests/test_web_browser.py), which drive
# /usr/bin/chromium through Playwright. Playwright's own browser download is never used.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium is already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
/usr/bin/chromium --version
