"""Imports a generated network module (`net.py`) from a file path."""
import importlib.util
import os
import sys


def load_module(path, name="inception_generated_net"):
    """Imports the file at `path` as a module; the generated code defines `Net`, `INPUT_SHAPE` and `NUM_OUTPUTS`."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"generated network module not found: {path}")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def build_net(path):
    """A fresh `Net()` from the generated module, and the module."""
    module = load_module(path)
    return module.Net(), module


def count_parameters(net):
    trainable = sum(p.numel() for p in net.parameters() if p.requires_grad)
    statistics = sum(b.numel() for name, b in net.named_buffers() if name.endswith(("running_mean", "running_var")))
    return trainable, statistics
