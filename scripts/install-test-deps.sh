#!/bin/sh
# Installs the real programs the tests use when they are missing: from
# Debian, redis-server (package redis-server), prometheus and promtool
# (package prometheus: the chart tests run a real Prometheus) and
# chromium. Alertmanager is built by the Makefile. Installs only what is
# missing, and only as root or with password-less sudo; otherwise it says
# what is missing and leaves it to the tests (they skip, or fail with
# E2E_REQUIRED=1).
#   scripts/install-test-deps.sh
set -eu
missing=""
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing="$missing prometheus"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo -n"
else
	echo "install-test-deps: missing Debian packages:$missing (not root, no sudo: install them yourself)" >&2
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-test-deps: missing packages:$missing (no apt-get: install them yourself)" >&2
	exit 0
fi
echo "install-test-deps: installing$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
