"""Writes the ONNX files the import tests read, all in one process (one torch import), each model built once.

usage: onnxFiles.py JOBS_JSON   (a list of {"kind": "torchvision" | "modern", "name", "size", "opset" (absent: torch's
default), "mode": "preserve" | "eval", "file"}: `torchvisionOnnx.py`'s and `modernOnnx.py`'s models). Prints one JSON
line per job, in order, with torchvision's trainable parameter count of its model. Existing files are kept.

mode preserve is training=PRESERVE (BatchNorm kept), eval the defaults (BatchNorm folded into the convolutions). Each
file is written under a lock of its own (FILE.lock) and renamed into place when complete, so the test files that share
a file, run by Vitest's workers (and Playwright's) at the same time, write it once: a file another process is writing
is left for last and then waited for.
"""
import fcntl
import json
import os
import sys

import torch

import modernOnnx
import torchvisionOnnx


def build(kind, name, size):
    if kind == "torchvision":
        return torchvisionOnnx.build(name).eval()
    torch.manual_seed(0)
    return modernOnnx.build(name, size).eval()


def export(model, job):
    training = {"preserve": torch.onnx.TrainingMode.PRESERVE, "eval": torch.onnx.TrainingMode.EVAL}[job["mode"]]
    size, opset, file = job["size"], job.get("opset"), job["file"]
    tmp = f"{file}.{os.getpid()}.tmp"
    torch.onnx.export(model, torch.randn(1, 3, size, size), tmp, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, training=training,
                      **({} if opset is None else {"opset_version": opset}),
                      do_constant_folding=training == torch.onnx.TrainingMode.EVAL)
    os.replace(tmp, file)
    print(f"wrote {file}", file=sys.stderr, flush=True)


def write(job, model, wait):
    """Writes the job's file (`model()` exported) unless it is there; False when another process holds its lock and
    `wait` is False."""
    if os.path.exists(job["file"]):
        return True
    with open(job["file"] + ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        if not os.path.exists(job["file"]):
            export(model(), job)
            os.remove(lock.name)  # those waiting on it find the file once they hold it
    return True


def model_key(job):
    """The same model whatever the input side, except the modern ones built for it (ViT, MaxViT)."""
    return job["kind"], job["name"], job["size"] if job["kind"] == "modern" else None


def write_all(jobs):
    """Writes every job's file, each model built once (again only for a file left for last); returns the trainable counts."""
    for folder in {os.path.dirname(job["file"]) for job in jobs}:
        os.makedirs(folder, exist_ok=True)
    models = {}
    for job in jobs:
        models.setdefault(model_key(job), []).append(job)
    trainable, later = {}, []
    for key, own in models.items():
        model = build(own[0]["kind"], own[0]["name"], own[0]["size"])
        trainable[key] = sum(p.numel() for p in model.parameters() if p.requires_grad)
        later += [job for job in own if not write(job, lambda: model, wait=False)]
        del model
    for job in later:
        write(job, lambda: build(job["kind"], job["name"], job["size"]), wait=True)
    return [trainable[model_key(job)] for job in jobs]


def main():
    jobs = json.loads(sys.argv[1])
    for count in write_all(jobs):
        print(json.dumps({"trainable": count}), flush=True)


if __name__ == "__main__":
    main()
