"""Fine-tuning: initial weights from another run, and frozen nodes.

The job's `init` names a safetensors file holding the tensors of the source run that fit this design
(written by the engine before the runner starts) and a record of what they cover; `frozen` names the
`Net` attributes of the frozen nodes.
"""
import json

from torch import nn

from . import safetensors


def load_initial_weights(net, path):
    """Copies the file's tensors into the fresh net; every tensor must have a place (the rest stay fresh)."""
    tensors, _ = safetensors.load(path)
    missing, unexpected = net.load_state_dict(tensors, strict=False)
    if unexpected:
        raise ValueError(f"the initial weights {path} have tensors the network lacks: {', '.join(unexpected[:5])}")
    return missing


def read_record(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _stay_in_eval(module, mode=True):
    return nn.Module.train(module, False)


def freeze(net, attributes):
    """No gradients and no optimizer place for the frozen modules' parameters, and their BatchNorm layers in
    eval mode whatever `net.train()` says (so running statistics stay as they are). Call before wrapping in
    DistributedDataParallel, which then leaves these parameters out. Returns the number of frozen parameters."""
    count = 0
    for name in attributes:
        module = getattr(net, name, None)
        if not isinstance(module, nn.Module):
            raise ValueError(f"the network has no module {name!r} to freeze")
        for p in module.parameters():
            p.requires_grad_(False)
            count += p.numel()
        for sub in module.modules():
            if isinstance(sub, nn.modules.batchnorm._BatchNorm):
                sub.train = _stay_in_eval.__get__(sub)
                sub.eval()
    return count


def trainable_count(net):
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


def start_fields(record):
    """The start event's `init` (the fields both engines record)."""
    return {"init": {key: record[key] for key in ("run", "copied", "fresh")}} if record else {}


def describe(record, frozen_nodes):
    """The start event's words on fine-tuning, e.g. `fine-tuning from run-1: 12 tensors copied, fresh: fc;
    frozen: conv1, pool1`."""
    parts = []
    if record:
        fresh = ", ".join(record["fresh"][:6]) + (", …" if len(record["fresh"]) > 6 else "")
        parts.append(f"fine-tuning from {record['run']}: {record['copied']} tensors copied, fresh: {fresh or 'nothing'}")
    if frozen_nodes:
        parts.append(f"frozen: {', '.join(frozen_nodes)}")
    return "; ".join(parts)
