"""Which precision and memory format train fastest on this CPU: fp32 against fp32 + channels_last, and bf16
autocast where the CPU has bf16 arithmetic, measured in interleaved rounds on googlenet-96 and cached per
machine with what was measured.

A reading taken while other programs kept the cores busy is provisional: reused for a few minutes, then
measured again and combined with the next reading (each variant keeps its best figure; others only ever
slow a variant down). Busy readings never become final by their count: the choice is final with the first
quiet reading (which alone then decides, the busy figures are dropped), or once at least AGREE_AFTER busy
measurements agree in every one of their interleaved rounds, the winner at least AGREE_MARGIN faster than
every other variant in each. `precision: fp32|bf16` and `channelsLast` in a run's options bypass all of this.
"""
import datetime
import json
import os
import platform
import tempfile
import time

import torch

from .machine_load import LoadMeter
from .module import load_module
from .probe import cpu_bf16_support

CACHE_ENV = "INCEPTION_PRECISION_CACHE"
REUSE_ENV = "INCEPTION_PRECISION_PROVISIONAL_REUSE_S"
# Where a busy machine makes steps slow, the rounds stop after this many seconds (the reading is provisional).
BUDGET_ENV = "INCEPTION_PRECISION_BUDGET_S"
BATCH_ENV = "INCEPTION_PRECISION_BATCH"
# Another of assets/python/examples to measure on (tests on a busy machine: small-cnn); googlenet-96 in use.
NET_ENV = "INCEPTION_PRECISION_NET"
FORMAT = "inception-studio.torch-precision"
# bf16 autocast must be at least this much faster to be the default: noise must not flip the choice.
BF16_MARGIN = 1.15
# Plain NCHW must beat channels_last by this much to be chosen over it.
NCHW_MARGIN = 1.05
BUSY_SHARE = 0.25
# Busy measurements become final only when this many agree round by round, the winner this much ahead in each.
AGREE_AFTER = 5
AGREE_MARGIN = 1.10
ROUNDS = 3
STEPS = 2
BATCH = 8
EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


def cache_path():
    """`$INCEPTION_PRECISION_CACHE`, else `inception-studio/torch-precision.json` in the user's cache folder."""
    if os.environ.get(CACHE_ENV):
        return os.environ[CACHE_ENV]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "inception-studio", "torch-precision.json")


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_key():
    """What the measurement depends on: another CPU, core count, torch or oneDNN measures again."""
    onednn = getattr(torch.backends.mkldnn, "version", None)
    return {"cpu": _cpu_model(), "cores": os.cpu_count(), "torch": torch.__version__,
            "onednn": str(onednn()) if callable(onednn) else None, "bf16": cpu_bf16_support()}


def _variants():
    variants = [("fp32", False), ("fp32", True)]
    if cpu_bf16_support() and torch.backends.mkldnn.is_available():
        variants.append(("bf16", True))
    return variants


def _name(precision, channels_last):
    return f"{precision} + channels_last" if channels_last else f"{precision} (NCHW)"


def measure(rounds=ROUNDS, steps=STEPS, batch=None, design=None):
    """Images/s per variant, best of `rounds` interleaved rounds of `steps` timed training steps each; fewer
    rounds where they take longer than the budget (a reading cut short is provisional)."""
    batch = batch or int(os.environ.get(BATCH_ENV, str(BATCH)))
    design = design or os.environ.get(NET_ENV) or "googlenet-96"
    net_path = os.path.join(EXAMPLES, f"{os.path.basename(design)}.py")
    budget = float(os.environ.get(BUDGET_ENV, "60"))
    started = time.perf_counter()
    module = load_module(net_path, name="inception_precision_probe_net")
    torch.manual_seed(0)
    net = module.Net()
    if hasattr(net, "probabilities"):
        net.probabilities = False
    net.train()
    c, h, w = module.INPUT_SHAPE
    optimizer = torch.optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    criterion = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, c, h, w, generator=g)
    y = torch.randint(0, module.NUM_OUTPUTS, (batch,), generator=g)
    variants = _variants()
    readings = {v: [] for v in variants}
    others = []

    def step(precision, memory_format):
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            logits = net(x.contiguous(memory_format=memory_format))
        loss = criterion(logits.float(), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    done = 0
    while done < rounds and (done == 0 or time.perf_counter() - started < budget):
        done += 1
        for precision, channels_last in variants:
            memory_format = torch.channels_last if channels_last else torch.contiguous_format
            net.to(memory_format=memory_format)
            step(precision, memory_format)  # warm-up after the switch of format
            load = LoadMeter()
            best = float("inf")
            for _ in range(steps):
                t = time.perf_counter()
                step(precision, memory_format)
                best = min(best, time.perf_counter() - t)
            readings[(precision, channels_last)].append(round(batch / best, 2))
            others.append(load.others_cores())
    known = [o for o in others if o is not None]
    cores = os.cpu_count() or 1
    busiest = max(known) if known else None
    return {
        "measured": [{"precision": p, "channelsLast": cl, "imagesPerSecond": max(r), "rounds": r} for (p, cl), r in readings.items()],
        "skipped": None if len(variants) > 2 else "bf16: not measured, this CPU has no bf16 arithmetic (AVX512-BF16 or AMX)",
        "othersCores": busiest, "cores": cores,
        "provisional": done < rounds or (busiest is not None and busiest > BUSY_SHARE * cores), "cutShort": done < rounds,
        "measuredAt": int(time.time() * 1000), "measurements": 1, "design": design, "batch": batch,
    }


def _settle(entry):
    """`final` says why a choice holds ("quiet" or "agreed"), None while provisional; `provisional` follows it."""
    final = "quiet" if not entry["provisional"] and entry["measurements"] == 1 else None
    if final is None and entry["measurements"] >= AGREE_AFTER and _rounds_agree(entry):
        final = "agreed"
    return {**entry, "final": final, "provisional": final is None}


def _rounds_agree(entry):
    """The chosen variant is AGREE_MARGIN faster than every other variant in every interleaved round."""
    chosen = decide(entry)
    by_variant = {(m["precision"], m["channelsLast"]): m["rounds"] for m in entry["measured"]}
    mine = by_variant[chosen]
    others = [r for v, r in by_variant.items() if v != chosen]
    if not mine or any(len(r) != len(mine) for r in others):
        return False
    return all(mine[i] >= AGREE_MARGIN * other[i] for other in others for i in range(len(mine)))


def decide(entry):
    """(precision, channels_last) from a measurement: bf16 only with a clear margin, NCHW only when clearly faster."""
    speed = {(m["precision"], m["channelsLast"]): m["imagesPerSecond"] for m in entry["measured"]}
    channels_last = not speed[("fp32", False)] > NCHW_MARGIN * speed[("fp32", True)]
    fp32 = speed[("fp32", channels_last)]
    bf16 = speed.get(("bf16", True))
    if bf16 and bf16 >= BF16_MARGIN * fp32:
        return "bf16", True
    return "fp32", channels_last


def _speed(ips):
    """Three significant figures without an exponent: 0.0812, 59.5, 2070."""
    return f"{ips:.0f}" if ips >= 100 else f"{ips:.3g}"


def explain(entry):
    """"fp32 + channels_last: 1.25× plain fp32 (55 vs 44 images/s training googlenet-96, best of 3 interleaved rounds, measured 2026-12-06)"."""
    precision, channels_last = decide(entry)
    speed = {(m["precision"], m["channelsLast"]): m["imagesPerSecond"] for m in entry["measured"]}
    chosen, plain = speed[(precision, channels_last)], speed[("fp32", False)]
    others = "; ".join(f"{_name(p, cl)} {_speed(ips)}" for (p, cl), ips in speed.items() if (p, cl) != (precision, channels_last))
    day = datetime.date.fromtimestamp(entry["measuredAt"] / 1000).isoformat()
    rounds = len(entry["measured"][0]["rounds"])
    text = (f"{_name(precision, channels_last)} measured fastest here ({_speed(chosen)} images/s training {entry.get('design', 'googlenet-96')}; {others}; "
            f"{chosen / plain:.2f}× plain fp32; best of {rounds} interleaved rounds, measured {day})")
    if entry.get("skipped"):
        text += f"; {entry['skipped']}"
    if entry["provisional"]:
        busy = "other programs" if entry["othersCores"] is None else f"other programs kept {entry['othersCores']:.1f} of {entry['cores']} cores busy"
        short = ", the rounds were cut short" if entry.get("cutShort") else ""
        count = entry["measurements"]
        text += (f"; provisional after {count} busy measurement{'s' if count > 1 else ''}: {busy}{short}, so it is measured again "
                 f"until a quiet reading, or {AGREE_AFTER} that agree by {AGREE_MARGIN:.2f}× in every round")
    elif entry.get("final") == "agreed":
        text += (f"; final: {entry['measurements']} busy measurements agreed, at least {AGREE_MARGIN:.2f}× ahead of every "
                 f"other variant in each of {rounds} rounds")
    else:
        text += "; final: a quiet reading"
    return text


def _read(path, key):
    try:
        with open(path) as f:
            cached = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(cached, dict) or cached.get("format") != FORMAT or cached.get("key") != key:
        return None
    entry = cached.get("entry")
    if isinstance(entry, dict) and "final" not in entry:
        # Written by the rule that made three busy readings final: only its quiet readings still count.
        entry = {**entry, "provisional": entry.get("provisional", True) or entry.get("measurements", 1) > 1}
    return entry


def _write(path, key, entry):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".torch-precision-")
    with os.fdopen(fd, "w") as f:
        precision, channels_last = decide(entry)
        # The choice is written beside the figures for readers without torch (`inception engines`).
        choice = {"precision": precision, "channelsLast": channels_last, "why": explain(entry)}
        json.dump({"format": FORMAT, "key": key, "choice": choice, "entry": entry}, f, indent=2)
    os.replace(tmp, path)


def _combine(before, now):
    """Each variant keeps its best reading across busy measurements; a quiet one replaces them all."""
    if not now["provisional"]:
        return {**now, "measurements": 1, "busyBefore": before["measurements"] + before.get("busyBefore", 0)}
    measured = []
    for m in now["measured"]:
        old = next((b for b in before["measured"] if (b["precision"], b["channelsLast"]) == (m["precision"], m["channelsLast"])), None)
        best = max(m["imagesPerSecond"], old["imagesPerSecond"] if old else 0)
        measured.append({**m, "imagesPerSecond": best, "rounds": (old["rounds"] if old else []) + m["rounds"]})
    return {**now, "measured": measured, "measurements": before["measurements"] + 1, "busyBefore": before.get("busyBefore", 0)}


def cpu_choice(measure_fn=measure, measure_if_needed=True):
    """The cached choice for this machine, measured (and cached) when there is none final; a dict with
    `precision`, `channelsLast`, `why`, `cached` and what was measured. With `measure_if_needed` false, the
    cached choice even where provisional, else None (the engine speed probe must not pay for a measurement)."""
    path = cache_path()
    key = machine_key()
    before = _read(path, key)
    if not measure_if_needed:
        return {**_answer(before), "cached": True, "cache": path} if before else None
    reuse = float(os.environ.get(REUSE_ENV, "600"))
    fresh_enough = before and before["provisional"] and time.time() * 1000 - before["measuredAt"] < reuse * 1000
    if before and (not before["provisional"] or fresh_enough):
        entry, cached = before, True
    else:
        now = measure_fn()
        entry = _settle(_combine(before, now) if before else now)
        cached = False
        try:
            _write(path, key, entry)
        except OSError:
            pass  # a read-only home: the choice holds for this run only
    return {**_answer(entry), "cached": cached, "cache": path}


def _answer(entry):
    precision, channels_last = decide(entry)
    return {"precision": precision, "channelsLast": channels_last, "why": explain(entry), **entry}
