"""Turns uint8 batches into network inputs on the training device: augmentation, then normalisation.

Augmentation has the TF.js engine's meaning (`src/data/augment.ts`): per image, eight uniform draws
choose a left-right flip (p = 1/2), a rotation of up to ±`rotation` degrees, a zoom in
[1 − scale, 1 + scale] and a shift of up to `cropPadding` pixels (zeros fill in), then brightness,
contrast (about the image's mean grey) and saturation (about each pixel's grey) in
[1 − colorJitter, 1 + colorJitter], clamped to 0..1. It runs batched, on the GPU when training does.
"""
import math

import torch
import torch.nn.functional as F


def is_identity(spec):
    """No change to any image: no spec (inference), or every field of the job's `augment` off."""
    return spec is None or (spec["cropPadding"] == 0 and not spec["flip"] and spec["rotation"] == 0
                            and spec["scale"] == 0 and spec["colorJitter"] == 0)


def draws(count, seed, epoch, step, rank=0):
    """The eight uniform numbers per image: a function of (seed, epoch, step, rank), so a resumed run draws the same."""
    g = torch.Generator()
    g.manual_seed((seed * 1_000_003 + epoch * 65_537 + step * 257 + rank) % (2 ** 63))
    return torch.rand(count, 8, generator=g, dtype=torch.float64)


def _geometry(x, spec, u):
    n, _, h, w = x.shape
    rotation, scale, pad = spec["rotation"], spec["scale"], spec["cropPadding"]
    flip = (u[:, 0] < 0.5) & bool(spec["flip"])
    angle = (u[:, 1] * 2 - 1) * rotation * math.pi / 180
    zoom = 1 + (u[:, 2] * 2 - 1) * scale
    dx = torch.floor(u[:, 3] * (2 * pad + 1)) - pad
    dy = torch.floor(u[:, 4] * (2 * pad + 1)) - pad
    if not (flip.any() or (angle != 0).any() or (zoom != 1).any() or (dx != 0).any() or (dy != 0).any()):
        return x
    cos = (torch.cos(angle) / zoom).view(n, 1, 1)
    sin = (torch.sin(angle) / zoom).view(n, 1, 1)
    mirror = torch.where(flip, -1.0, 1.0).to(torch.float64).view(n, 1, 1)
    xs = torch.arange(w, dtype=torch.float64).view(1, 1, w) + 0.5 - w / 2 - dx.view(n, 1, 1)
    ys = torch.arange(h, dtype=torch.float64).view(1, h, 1) + 0.5 - h / 2 - dy.view(n, 1, 1)
    # Source pixel of each output pixel: zoom and rotate about the centre, after the shift; then mirror.
    sx = mirror * (cos * xs + sin * ys) + w / 2 - 0.5
    sy = -sin * xs + cos * ys + h / 2 - 0.5
    grid = torch.stack(((2 * sx + 1) / w - 1, (2 * sy + 1) / h - 1), dim=-1).to(x.device, torch.float32)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def _luma(x):
    return 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]


def _colour(x, spec, u):
    jitter = spec["colorJitter"]
    if jitter == 0:
        return x
    n, c = x.shape[:2]
    factor = lambda k: (1 + (u[:, k] * 2 - 1) * jitter).to(x.device, torch.float32).view(n, 1, 1, 1)  # noqa: E731
    brightness, contrast, saturation = factor(5), factor(6), factor(7)
    colour = 3 if c >= 3 else 1
    v = x[:, :colour]
    grey = _luma(v) if colour == 3 else v
    mean = grey.mean(dim=(2, 3), keepdim=True) * brightness
    v = v * (brightness * contrast) + mean * (1 - contrast)
    if colour == 3:
        g = _luma(v)
        v = (v - g) * saturation + g
    v = v.clamp(0, 1)
    return torch.cat((v, x[:, colour:]), dim=1) if c > colour else v


class InputPipeline:
    """uint8 N×H×W×C on the CPU -> normalised float N×C×H×W on the device, in the chosen memory format."""

    def __init__(self, device, mean, std, channels_last, augment, seed, rank=0):
        self.device = device
        self.mean = torch.tensor(mean, dtype=torch.float32, device=device).view(1, -1, 1, 1)
        self.inv_std = (1 / torch.tensor(std, dtype=torch.float32, device=device)).view(1, -1, 1, 1)
        self.channels_last = channels_last
        self.augment = None if is_identity(augment) else augment
        self.seed = seed
        self.rank = rank

    def __call__(self, pixels, train=False, epoch=0, step=0, size=None):
        """`size` (height, width): resized after augmentation by area averaging (progressive resizing); a 2×
        reduction is the 2×2 mean, as the TF.js engine's half-pixel bilinear resize gives."""
        x = pixels.to(self.device, non_blocking=True).permute(0, 3, 1, 2).float().div_(255)
        if train and self.augment is not None:
            u = draws(x.shape[0], self.seed, epoch, step, self.rank)
            x = _colour(_geometry(x.contiguous(), self.augment, u), self.augment, u)
        if size is not None and tuple(size) != tuple(x.shape[2:]):
            x = F.interpolate(x, size=tuple(size), mode="area")
        x = (x - self.mean) * self.inv_std
        return x.contiguous(memory_format=torch.channels_last if self.channels_last else torch.contiguous_format)
