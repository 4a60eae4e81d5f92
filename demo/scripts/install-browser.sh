#!/usr/bin/env bash
# Installs the browser the storefront page's test drives: headless Chromium and its driver, from Debian's packages.
# Does nothing when `chromium` and `chromedriver` are already on PATH. Needs root (as on the CI machine) for apt-get;
# otherwise it says what to install and fails.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "[install-browser] chromium and chromedriver are needed by the storefront page's test; as root run: apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
echo "[install-browser] installing chromium, chromium-driver and a font (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-liberation >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
echo "[install-browser] $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | head -1)"
