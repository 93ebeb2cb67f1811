#!/bin/bash
# The demo itself: the logging example as a --user service, driven by its own control verbs and
# the servicekit CLI. Runs as an ordinary user with a systemd user manager.
set -euo pipefail
root=${1:?repository root}
ex="$root/build/examples/logging.js"
cli="$root/dist/servicekit-cli.cjs"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
trap 'node "$ex" uninstall --user > /dev/null 2>&1 || true' EXIT
export LOG_INTERVAL_MS=1000
step node "$ex" install --user
step cat "${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user/servicekit-logging.service"
step node "$ex" start --user
step node "$cli" status servicekit-logging --user
sleep 6
step node "$cli" logs servicekit-logging --user -n 8
step node "$ex" stop --user
step node "$cli" status servicekit-logging --user || true
step node "$ex" uninstall --user
step node "$cli" status servicekit-logging --user || true
trap - EXIT
printf '\ndemo done: installed, started, logged to the journal, stopped and uninstalled.\n'
