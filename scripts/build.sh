#!/bin/sh
# Builds the static bridge binary. The Dockerfile, the Makefile and the
# end-to-end tests all build through this one script, so what is tested is
# what ships.
#   scripts/build.sh OUTPUT [PACKAGE]
set -eu
out=${1:?usage: scripts/build.sh OUTPUT [PACKAGE]}
pkg=${2:-./cmd/alertmanager-pushover}
cd "$(dirname "$0")/.."
v=github.com/prometheus/common/version
version=$(cat VERSION)
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
branch=$(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
CGO_ENABLED=0 exec go build -trimpath \
  -ldflags "-s -w -X $v.Version=$version -X $v.Revision=$revision -X $v.Branch=$branch -X $v.BuildUser=alertmanager-pushover -X $v.BuildDate=$(date -u +%Y%m%d-%H:%M:%S)" \
  -o "$out" "$pkg"
