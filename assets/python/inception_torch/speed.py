"""A few training steps of a generated net on random images, with the runner's device and precision
choices: how many images a second this machine trains (`inception_tools.py speed`). The app compares it
with the TF.js engine's figure for the same net to pick the faster engine."""
import os
import time

import torch

from .device import setup as setup_device
from .machine_load import LoadMeter
from .module import build_net


def measure_training_speed(net_path, batch, seconds, options=None):
    """Images/s of the median step after two warm-up steps (at least 3 steps, and at least `seconds`): the
    median, so a moment when other programs took the cores does not decide. `othersCores` says how many
    cores other programs kept busy meanwhile (None where the system does not tell): a reading taken while
    they did is provisional."""
    # The probe uses the cached precision choice; measuring it here would make each probe round long.
    setup = setup_device({"measurePrecision": False, **(options or {})})
    net, module = build_net(net_path)
    if hasattr(net, "probabilities"):
        net.probabilities = False
    c, h, w = module.INPUT_SHAPE
    classes = module.NUM_OUTPUTS
    net.to(setup.device)
    if setup.channels_last:
        net.to(memory_format=torch.channels_last)
    net.train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    criterion = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, c, h, w, generator=g).to(setup.device)
    if setup.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, classes, (batch,), generator=g).to(setup.device)

    def step():
        with setup.autocast():
            logits = net(x)
        loss = criterion(logits.float(), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss

    for _ in range(2):
        step().item()
    durations = []
    load = LoadMeter()
    started = time.perf_counter()
    while len(durations) < 3 or time.perf_counter() - started < seconds:
        t = time.perf_counter()
        step().item()  # waits for the device, so each step is timed whole
        durations.append(time.perf_counter() - t)
    median = sorted(durations)[len(durations) // 2]
    others = load.others_cores()
    return {"device": setup.device.type, "backend": setup.describe(), "imagesPerSecond": batch / median,
            "steps": len(durations), "batch": batch, "seconds": time.perf_counter() - started, "torch": torch.__version__,
            "othersCores": others, "cores": os.cpu_count() or 1}
