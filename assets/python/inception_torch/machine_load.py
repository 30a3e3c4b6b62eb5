"""How much of the machine other programs used while we measured: a speed read while they took the cores
is not this machine's speed. Linux only (/proc/stat); elsewhere the load is unknown (None)."""
import os
import time


def _busy_seconds():
    """Seconds all cores spent busy since boot (user, nice, system, irq, softirq and a hypervisor's steal)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    values = [int(v) for v in fields[1:9]]
    idle, iowait = values[3], values[4]
    return (sum(values) - idle - iowait) / os.sysconf("SC_CLK_TCK")


def _own_seconds():
    t = os.times()
    return t.user + t.system


class LoadMeter:
    """Started before a measurement, read after it: the cores other programs kept busy meanwhile."""

    def __init__(self):
        self.wall = time.perf_counter()
        self.busy = _busy_seconds()
        self.own = _own_seconds()

    def others_cores(self):
        """Cores, on average, that programs other than this one kept busy since the start; None where unknown."""
        busy = _busy_seconds()
        wall = time.perf_counter() - self.wall
        if busy is None or self.busy is None or wall <= 0:
            return None
        return round(max(0.0, (busy - self.busy) - (_own_seconds() - self.own)) / wall, 2)
