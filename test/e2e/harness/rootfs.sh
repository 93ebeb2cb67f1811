#!/bin/bash
# Build the Debian 12 root file systems the SysV and OpenRC end-to-end tests boot (once per machine):
#   $MACHINES/servicekit-sysv     sysvinit-core (PID 1) + sysv-rc + rsyslog + python3 (Ansible's modules)
#   $MACHINES/servicekit-openrc   sysvinit-core (PID 1) + OpenRC as the rc system + rsyslog + python3
# A tree built before python3 joined the list is built again.
# Needs root, debootstrap and the Debian mirror this machine uses. Prints the two paths.
set -euo pipefail
machines=${MACHINES:-/var/lib/machines}
mirror=${MIRROR:-$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2> /dev/null | head -1)}
[ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2> /dev/null)
: "${mirror:?set MIRROR to a Debian mirror URL}"
mkdir -p "$machines"
# Suites run side by side and each asks for the trees: one builds, the others wait. The lock is
# held by an open descriptor, so the kernel releases it however this script ends.
exec 9> "$machines/.servicekit-rootfs.lock"
flock 9
sysv=$machines/servicekit-sysv
openrc=$machines/servicekit-openrc
if [ ! -x "$sysv/sbin/init" ] || [ ! -x "$sysv/usr/bin/python3" ]; then
  rm -rf "$sysv.tmp" "$openrc"
  # orphan-sysvinit-scripts carries rsyslog's init script in bookworm.
  debootstrap --variant=minbase --include=sysvinit-core,sysv-rc,procps,rsyslog,orphan-sysvinit-scripts,python3 \
    bookworm "$sysv.tmp" "$mirror" > "$machines/servicekit-debootstrap.log" 2>&1 ||
    { tail -30 "$machines/servicekit-debootstrap.log" >&2; exit 1; }
  # No gettys: the ttys do not exist in the container.
  sed -i -E 's/^([1-6]:[0-9]+:respawn:)/#\1/' "$sysv.tmp/etc/inittab"
  echo "deb $mirror bookworm main" > "$sysv.tmp/etc/apt/sources.list"
  rm -f "$sysv.tmp/etc/hostname"
  : > "$sysv.tmp/etc/machine-id"
  rm -rf "$sysv"
  mv "$sysv.tmp" "$sysv"
fi
if [ ! -x "$openrc/sbin/openrc" ]; then
  # debootstrap cannot choose openrc as sysvinit-core's rc system: clone and swap with apt.
  rm -rf "$openrc.tmp"
  cp -a "$sysv" "$openrc.tmp"
  chroot "$openrc.tmp" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openrc && apt-get clean' \
    > "$machines/servicekit-openrc.log" 2>&1 || { tail -30 "$machines/servicekit-openrc.log" >&2; exit 1; }
  chroot "$openrc.tmp" rc-update add rsyslog default > /dev/null
  mv "$openrc.tmp" "$openrc"
fi
echo "$sysv"
echo "$openrc"
