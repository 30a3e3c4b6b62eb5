"""Checkpoints: one file per kind (`checkpoints/last/checkpoint.pt`, `checkpoints/best/checkpoint.pt`),
replaced atomically (temp file, fsync, os.replace), so a crash leaves the old one or the new one whole."""
import os
import pickle
import random

import torch

FILE_NAME = "checkpoint.pt"
FORMAT = "inception-studio.torch-checkpoint"


def checkpoint_path(run_dir, kind):
    return os.path.join(run_dir, "checkpoints", kind, FILE_NAME)


def rng_state():
    state = {"python": random.getstate(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state):
    if not state:
        return
    random.setstate(_as_python_state(state["python"]))
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available() and len(state["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(state["cuda"])


def _as_python_state(state):
    # weights_only loading turns the tuples of random.getstate() into lists.
    version, internal, gauss = state
    return (version, tuple(internal), gauss)


def save_checkpoint(path, content):
    """Writes `content` (a dict of tensors and plain values) to `path` atomically."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        torch.save({"format": FORMAT, "version": 1, **content}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_checkpoint_file(path):
    """Loads a checkpoint (a path or a binary file object) on the CPU: tensors and plain values only (weights_only) where torch can.

    torch 1.13's restricted unpickler lacks floats, so there the run's own file is loaded in full.
    """
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except (TypeError, pickle.UnpicklingError, RuntimeError):
        if hasattr(path, "seek"):
            path.seek(0)
        state = torch.load(path, map_location="cpu")
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ValueError(f"{getattr(path, 'name', path)} is not an Inception Studio PyTorch checkpoint")
    return state
