#!/bin/bash
# Throwaway booted containers with a real init system, for end-to-end tests on a host whose
# PID 1 is not an init (CI machines, Firecracker VMs). Needs root and systemd-nspawn
# (apt-get install systemd-container). All writes go to a tmpfs overlay: the lower tree is
# never modified and `down` discards everything.
#
#   container.sh up NAME LOWER [systemd-nspawn args...]   LOWER = "host" (this machine's /, booting
#                                                          systemd) or a rootfs directory
#   container.sh exec NAME CMD [ARG]...                   run inside, clean environment, as root
#   container.sh reboot NAME                              clean shutdown and boot, state kept
#   container.sh down NAME                                clean shutdown, everything discarded
#   container.sh leader NAME                              host PID of the container's init
set -euo pipefail
shopt -s extglob
cmd=${1:?usage: container.sh up|exec|reboot|down|leader NAME ...}
name=${2:?container name}
shift 2
dir=/tmp/servicekit-ct-$name

leader() { cat "$dir/leader"; }

boot() {
  local lower; lower=$(cat "$dir/lower")
  mkdir -p "$dir"/{upper,work,root}
  # The upper layer must be on another file system than the lower one (tmpfs here).
  mountpoint -q "$dir/root" ||
    mount -t overlay overlay -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
  local -a extra=()
  mapfile -t extra < "$dir/args"
  (
    # No systemd on the host, so no scope to register: give the container its own cgroup in
    # every v1 hierarchy (cpuset would need cpus/mems set) and keep it with --keep-unit.
    for h in /sys/fs/cgroup/*/; do
      [ -f "$h/cgroup.procs" ] || continue
      [ "$h" = /sys/fs/cgroup/cpuset/ ] && continue
      mkdir -p "$h/servicekit-$name"
      echo "$BASHPID" > "$h/servicekit-$name/cgroup.procs"
    done
    exec setsid systemd-nspawn -D "$dir/root" --boot --machine="$name" --register=no --keep-unit \
      --private-network --console=read-only "${extra[@]}" >> "$dir/console.log" 2>&1
  ) &
  echo $! > "$dir/nspawn.pid"
  # nspawn forks a short-lived helper before the container's init: look up the child afresh
  # until it is an init, for up to 60 s, then wait for the end of boot.
  local pid='' exe i
  for i in $(seq 600); do
    pid=$(ps -o pid= --ppid "$(cat "$dir/nspawn.pid")" 2> /dev/null | head -1 | tr -d ' ' || true)
    exe=$(readlink "/proc/$pid/exe" 2> /dev/null || true)
    if [ -n "$pid" ] && [[ "$exe" == */systemd ]]; then
      if [ -S "/proc/$pid/root/run/systemd/private" ]; then
        echo "$pid" > "$dir/leader"
        local state
        state=$(timeout 90 nsenter -t "$pid" -a systemctl is-system-running --wait || true)
        echo "container $name: systemd $state"
        [ "$state" = running ] || nsenter -t "$pid" -a systemctl --failed --no-pager >&2 || true
        return 0
      fi
    elif [ -n "$pid" ] && [[ "$exe" == */init ]]; then
      local rl
      rl=$(nsenter -t "$pid" -a runlevel 2> /dev/null || true)
      if [ "${rl#* }" = 2 ] && ! nsenter -t "$pid" -a ps -eo args= | grep -Eq '^(/bin/sh )?(/etc/init.d/rcS?|/sbin/openrc) '; then
        echo "$pid" > "$dir/leader"
        echo "container $name: runlevel 2"
        return 0
      fi
    fi
    sleep 0.1
  done
  echo "container $name: boot timed out" >&2
  cat "$dir/console.log" >&2
  return 1
}

halt() {
  local nspawn pid i
  nspawn=$(cat "$dir/nspawn.pid" 2> /dev/null || true)
  pid=$(cat "$dir/leader" 2> /dev/null || true)
  if [ -n "$nspawn" ] && kill -0 "$nspawn" 2> /dev/null; then
    if [[ "$(readlink "/proc/$pid/exe" 2> /dev/null)" == */systemd ]]; then
      kill -TERM "$nspawn"   # systemd-nspawn turns this into a clean poweroff
    else
      nsenter -t "$pid" -a /sbin/telinit 0 || kill -TERM "$nspawn"
    fi
    for i in $(seq 300); do kill -0 "$nspawn" 2> /dev/null || break; sleep 0.1; done
    if kill -0 "$nspawn" 2> /dev/null; then kill -KILL "$nspawn"; sleep 0.5; fi
  fi
  # A container that did not power off in time keeps its init (and daemons) after nspawn is gone:
  # killing its PID 1 ends every process of its PID namespace.
  # (Only that init: a PID 1 of another namespace, not a process that reused the number.)
  if [ -n "$pid" ] && [[ "$(readlink "/proc/$pid/exe" 2> /dev/null)" == */@(systemd|init) ]] &&
    [ "$(readlink "/proc/$pid/ns/pid" 2> /dev/null)" != "$(readlink /proc/self/ns/pid)" ]; then
    kill -KILL "$pid" 2> /dev/null || true
    for i in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  fi
  umount "$dir/root" 2> /dev/null || umount -l "$dir/root" 2> /dev/null || true
  for h in /sys/fs/cgroup/*/servicekit-"$name"; do
    [ -d "$h" ] && find "$h" -depth -type d -exec rmdir {} \; 2> /dev/null || true
  done
  rm -rf "/run/systemd/nspawn/propagate/$name"
}

case "$cmd" in
  up)
    lower=${1:?lower tree: host or a rootfs directory}
    shift
    [ "$lower" = host ] && lower=/
    if [ -e "$dir/nspawn.pid" ] && kill -0 "$(cat "$dir/nspawn.pid")" 2> /dev/null; then
      echo "container $name is already up" >&2
      exit 1
    fi
    mkdir -p "$dir"
    mountpoint -q "$dir" || mount -t tmpfs -o size=4G,mode=700 tmpfs "$dir"
    echo "$lower" > "$dir/lower"
    printf '%s\n' "$@" > "$dir/args"
    [ $# -gt 0 ] || : > "$dir/args"
    : > "$dir/console.log"
    mkdir -p "$dir/upper/etc"
    systemd-id128 new > "$dir/upper/etc/machine-id"   # must differ from the host's
    echo "$name" > "$dir/upper/etc/hostname"
    boot
    ;;
  exec)
    # A clean environment, like a root login in the container.
    exec nsenter -t "$(leader)" -a env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 TERM=dumb "$@"
    ;;
  leader) leader ;;
  reboot) halt; boot ;;
  down)
    halt
    umount "$dir" 2> /dev/null || true
    rmdir "$dir" 2> /dev/null || true
    ;;
  *) echo "usage: container.sh up|exec|reboot|down|leader NAME ..." >&2; exit 2 ;;
esac
