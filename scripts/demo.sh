#!/bin/bash
# npm run demo: show the logging example as a systemd --user service.
# With a running systemd (and a user manager) it runs here; otherwise it boots a throwaway
# systemd container with the test harness and runs there as a lingering user.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
uid=$(id -u)
if [ -d /run/systemd/system ] && [ -S "/run/user/$uid/systemd/private" ]; then
  echo "systemd is running here: installing the example as a --user service of $(id -un)"
  exec env XDG_RUNTIME_DIR="/run/user/$uid" bash "$root/scripts/demo-steps.sh" "$root"
fi
echo "no systemd user manager here: booting a throwaway systemd container (test/e2e/harness)"
if [ "$uid" != 0 ]; then echo "the container needs root: sudo npm run demo" >&2; exit 1; fi
if ! command -v systemd-nspawn > /dev/null; then
  echo "installing systemd-container (systemd-nspawn)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q systemd-container > /dev/null ||
    { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q systemd-container > /dev/null; }
fi
ct="$root/test/e2e/harness/container.sh"
trap '"$ct" down sk-demo > /dev/null 2>&1 || true' EXIT
"$ct" down sk-demo > /dev/null 2>&1 || true
"$ct" up sk-demo host --bind-ro="$root:/opt/servicekit"
"$ct" exec sk-demo useradd -m demo
"$ct" exec sk-demo loginctl enable-linger demo
duid=$("$ct" exec sk-demo id -u demo)
for _ in $(seq 100); do "$ct" exec sk-demo test -S "/run/user/$duid/systemd/private" && break; sleep 0.1; done
"$ct" exec sk-demo runuser -u demo -- env HOME=/home/demo XDG_RUNTIME_DIR="/run/user/$duid" \
  bash /opt/servicekit/scripts/demo-steps.sh /opt/servicekit
