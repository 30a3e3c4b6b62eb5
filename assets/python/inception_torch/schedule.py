"""The learning rate of each step: the same pure function as the TF.js engine's `src/train/schedule.ts`."""
import math


def learning_rate_at(step, base_lr, schedule, warmup_epochs, epochs, steps_per_epoch):
    """Linear warm-up per step, then constant, step decay at epoch boundaries, or cosine annealing per step."""
    warmup = math.floor(warmup_epochs * steps_per_epoch + 0.5)
    if step < warmup:
        return base_lr * (step + 1) / warmup
    epoch = step // steps_per_epoch
    kind = schedule["type"]
    if kind == "constant":
        return base_lr
    if kind == "step":
        return base_lr * schedule["gamma"] ** (epoch // schedule["stepEpochs"])
    if kind == "cosine":
        total = max(1, epochs * steps_per_epoch - warmup)
        progress = min(1.0, (step - warmup) / total)
        low = base_lr * schedule["minFactor"]
        return low + (base_lr - low) * (1 + math.cos(math.pi * progress)) / 2
    raise ValueError(f"unknown schedule type {kind!r}; expected constant, step or cosine")
