#!/bin/bash
ms() { echo $(( $(date +%s%N) / 1000000 )); }
node /opt/servicekit/dist/servicekit-cli.js install --name sk-st --start --settle-ms 0 -- /bin/sleep 1000 >/dev/null
for i in $(seq $1); do
  for v in esm cjs; do
    [ $v = esm ] && CLI=/opt/servicekit/dist/servicekit-cli.js || CLI=/opt/servicekit/dist-cjs/cli.cjs
    a=$(ms); node $CLI --version >/dev/null; b=$(ms); node $CLI status sk-st > /dev/null; c=$(ms); node $CLI list >/dev/null; d=$(ms); node $CLI logs -n 10 sk-st >/dev/null; e=$(ms)
    echo "$v $((b-a)) $((c-b)) $((d-c)) $((e-d))"
  done
done
node /opt/servicekit/dist/servicekit-cli.js uninstall sk-st >/dev/null
