#!/bin/bash
# usage: t.sh N ; alternates ESM and CJS
ms() { echo $(( $(date +%s%N) / 1000000 )); }
for i in $(seq $1); do
  for v in esm cjs; do
    [ $v = esm ] && CLI=/opt/servicekit/dist/servicekit-cli.js || CLI=/opt/servicekit/dist-cjs/cli.cjs
    a=$(ms); node $CLI install --name sk-t$v$i --start --settle-ms 0 -- /bin/sleep 1000 >/dev/null || echo FAIL; b=$(ms); node $CLI uninstall sk-t$v$i > /dev/null || echo FAIL; c=$(ms)
    echo "$v $((b-a)) $((c-b))"
  done
done
