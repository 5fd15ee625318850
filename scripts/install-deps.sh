#!/usr/bin/env bash
# Installs everything anjian needs on Debian 12, as root. Idempotent and quick when
# everything is already there: apt runs only for missing packages, npm only when the
# lockfile changed since the last install.
#   scripts/install-deps.sh          build + run + test dependencies
#   scripts/install-deps.sh bench    also wrk for `make bench`
#   scripts/install-deps.sh fuzz     also clang and its libFuzzer for `make fuzz`
set -eu
cd "$(dirname "$0")/.."

pkgs="build-essential pkg-config ca-certificates
 libmicrohttpd-dev libsqlite3-dev sqlite3 libpq-dev libjansson-dev libsodium-dev
 libxlsxwriter-dev libcmocka-dev libqrencode-dev libcurl4-openssl-dev
 libminizip-dev libexpat1-dev zlib1g-dev libcrack2-dev cracklib-runtime
 postgresql postgresql-common
 nginx-light openssl
 chromium fonts-noto-cjk"
if [ "${1:-}" = bench ]; then pkgs="$pkgs wrk"; fi
if [ "${1:-}" = fuzz ]; then pkgs="$pkgs clang libclang-rt-14-dev"; fi
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "install-deps: apt-get install$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
  # A packaged PostgreSQL starts a default cluster; tests use their own throwaway one.
fi

# Front end and browser-test packages, pinned by web/package-lock.json.
if [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.anjian-lock
  if [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; then
    # `npm install --no-save` installs exactly the locked versions without rewriting
    # the lockfile. (npm 11.19's own lockfiles omit other platforms' optional rollup
    # binaries, which makes `npm ci` refuse them.)
    (cd web && npm install --no-save --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
fi
