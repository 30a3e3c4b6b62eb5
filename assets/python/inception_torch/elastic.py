"""torchrun's elastic restarts: which attempt this is, how often to checkpoint, and why the last attempt
ended, carried from the failing ranks to rank 0's events.

A failing rank writes its error into the process group's store; rank 0, whose own collective then fails,
collects those messages and leaves them in `<run>/pytorch/failure.json`; the restarted rank 0 puts them
in its `start` event (`restart`), or, when no restart is left, in the `end` event's message.
"""
import json
import os
import time

import torch.distributed as dist

FAILURE_FILE = os.path.join("pytorch", "failure.json")
STORE_PREFIX = "inception/failure/"
# Under restarts and with no interval given, `checkpoints/last` is also written this often mid-epoch.
DEFAULT_ELASTIC_CHECKPOINT_STEPS = 100


def restart_count():
    return int(os.environ.get("TORCHELASTIC_RESTART_COUNT", "0"))


def max_restarts():
    return int(os.environ.get("TORCHELASTIC_MAX_RESTARTS", "0"))


def restarts_left():
    return max_restarts() - restart_count()


def checkpoint_interval(options):
    """Steps between mid-epoch checkpoints: as asked, else every DEFAULT_ELASTIC_CHECKPOINT_STEPS under
    restarts, else None (epoch ends and stops only)."""
    every = options["checkpointEverySteps"]
    if every:
        return int(every)
    return DEFAULT_ELASTIC_CHECKPOINT_STEPS if max_restarts() > 0 else None


def _store():
    try:
        return dist.distributed_c10d._get_default_store() if dist.is_initialized() else None
    except Exception:  # noqa: BLE001 - no store, no message
        return None


def publish_failure(rank, message):
    """A failing rank leaves its error where rank 0 can read it."""
    store = _store()
    if store is None:
        return
    try:
        store.set(f"{STORE_PREFIX}{rank}", message[:2000])
    except Exception:  # noqa: BLE001 - the store may be gone with the failure
        pass


def collect_failures(world, own_message, wait_seconds=1.0):
    """Rank 0: the messages of the ranks that failed, else its own error (a peer that died silently
    shows there as a closed connection)."""
    store = _store()
    messages = []
    deadline = time.time() + wait_seconds
    while store is not None and not messages and time.time() < deadline:
        for rank in range(1, world):
            key = f"{STORE_PREFIX}{rank}"
            try:
                if store.check([key]):
                    messages.append(f"rank {rank}: {store.get(key).decode('utf-8', 'replace')}")
            except Exception:  # noqa: BLE001 - a store that went away
                store = None
                break
        if not messages:
            time.sleep(0.1)
    return messages or [f"rank 0: {own_message}"]


def remember_failure(run_dir, reasons):
    path = os.path.join(run_dir, FAILURE_FILE)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"attempt": restart_count(), "reasons": reasons}, f)


def restart_info(run_dir):
    """The `restart` field of a restarted attempt's start event; None on the first attempt."""
    count = restart_count()
    if count == 0:
        return None
    path = os.path.join(run_dir, FAILURE_FILE)
    reasons = []
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            reasons = json.load(f).get("reasons", [])
        os.remove(path)
    reason = "; ".join(reasons) or "a worker process exited (killed, out of memory or on another node)"
    return {"attempt": count, "maxRestarts": max_restarts(), "reason": reason}
