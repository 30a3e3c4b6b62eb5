"""Training events: one JSON object per line on stdout and in `metrics.jsonl`, in exactly the schema of
`src/contract/events.ts` (start, batch, epoch, checkpoint, skipped, end; epochs and steps 0-based)."""
import json
import sys
import time


def now():
    return time.time()


class EventLog:
    """Writes events on rank 0 only; a closed stdout (the app went away) asks the run to stop.

    `announce`: the first process of another node prints only `start` and `end` on its own stdout (not in
    metrics.jsonl), so the launch on that node knows how the run went.
    """

    def __init__(self, metrics_path, enabled, on_broken_pipe, announce=False):
        self.enabled = enabled
        self.announce = announce and not enabled
        self.file = open(metrics_path, "a", encoding="utf-8") if enabled else None
        self.stdout = enabled
        self.on_broken_pipe = on_broken_pipe

    def emit(self, event):
        if self.announce and event["type"] in ("start", "end"):
            self._print(json.dumps({"type": event.pop("type"), "time": now(), **event}, allow_nan=False, ensure_ascii=False))
        if not self.enabled:
            return
        event = {"type": event.pop("type"), "time": now(), **event}
        line = json.dumps(event, allow_nan=False, ensure_ascii=False)
        self.file.write(line + "\n")
        self.file.flush()
        self._print(line)

    def _print(self, line):
        if self.stdout or self.announce:
            try:
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
            except (BrokenPipeError, OSError):
                self.stdout = self.announce = False
                self.on_broken_pipe()

    def close(self):
        if self.file:
            self.file.close()
