#!/usr/bin/env bash
# Usage: sudo scripts/cpu-of.sh NAME COMMAND...
# Runs COMMAND in a cpuacct cgroup of its own (cgroup v1, as on the CI VM) and prints the CPU seconds of it and of
# every process it started, killed ones included (browsers, servers and jobs that /usr/bin/time misses when they
# are not reaped), with the wall time. docs/ci.md's per-suite figures come from it.
set -u
name=$1; shift
group=/sys/fs/cgroup/cpuacct/cpu-of-$name-$$
mkdir -p "$group"
start=$(date +%s)
bash -c 'echo $$ > "$1/cgroup.procs"; shift; exec "$@"' _ "$group" "$@"
status=$?
sleep 1
echo "cpu-of $name: $(awk '{printf "%.1f", $1 / 1e9}' "$group/cpuacct.usage") s CPU, $(( $(date +%s) - start )) s wall, exit $status" >&2
for pid in $(cat "$group/cgroup.procs"); do echo "$pid" > /sys/fs/cgroup/cpuacct/cgroup.procs 2>/dev/null; done
rmdir "$group" 2>/dev/null
exit $status
