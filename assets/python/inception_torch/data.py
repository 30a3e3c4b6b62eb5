"""Decoding and batching: uint8 pixels from image files (Pillow), the in-memory cache and DataLoader workers.

Decoding follows the TF.js engine's `src/data`: EXIF orientation, first frame, grey/RGB/RGBA conversion,
centre-crop or stretch resize; a bad file is skipped with a stable code and a reason and never stops a
run. torchvision is not needed. The run's image lists (its split.json, or a scan and split) are in `folders.py`
(re-exported here).
"""
import math
import os
import random
import signal

import torch

from .folders import (  # noqa: F401 - re-exported for the runner and the benchmark
    MAX_PIXELS, BadImage, counts, run_lists, scan_folder, skipped,
)


def _resample():
    from PIL import Image
    return getattr(Image, "Resampling", Image).BILINEAR


def load_pixels(path, height, width, channels, resize):
    """Decodes one image to uint8 pixels H×W×C of the given size; raises BadImage with a code and reason."""
    from PIL import Image, ImageOps, UnidentifiedImageError
    try:
        with Image.open(path) as img:
            fmt = img.format or "image"
            if img.width * img.height > MAX_PIXELS:
                raise BadImage("too-large", f"image too large: {img.width}×{img.height} pixels exceeds the {MAX_PIXELS // 1_000_000} MP limit")
            if fmt == "JPEG":
                scale = max(width / img.width, height / img.height) if resize == "crop" else None
                size = (math.ceil(img.width * scale), math.ceil(img.height * scale)) if scale else (width, height)
                img.draft("L" if channels == 1 else "RGB", size)
            img.load()
            img = ImageOps.exif_transpose(img)
            img = _convert(img, channels)
            if resize == "crop":
                img = ImageOps.fit(img, (width, height), _resample(), centering=(0.5, 0.5))
            elif img.size != (width, height):
                img = img.resize((width, height), _resample())
            data = img.tobytes()
    except BadImage:
        raise
    except UnidentifiedImageError:
        raise BadImage("not-image", "not an image: unsupported format")
    except Image.DecompressionBombError as error:
        raise BadImage("too-large", f"image too large: {error}")
    except PermissionError:
        raise BadImage("unreadable", "permission denied")
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as error:
        text = str(error)
        kind = os.path.splitext(path)[1].lstrip(".").upper() or "image"
        if "truncated" in text or "broken data stream" in text or isinstance(error, EOFError):
            raise BadImage("truncated", f"truncated {kind}")
        raise BadImage("corrupt", f"corrupt {kind}: {text[:100]}")
    if len(data) != height * width * channels:
        raise BadImage("decoder-failed", f"decoder returned {len(data)} bytes, expected {width}×{height}×{channels}")
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).view(height, width, channels)


def _convert(img, channels):
    mode = img.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        # 16-bit and float grey: scale to 8 bits instead of clipping.
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L") if mode != "F" else img.convert("L")
        mode = "L"
    if mode in ("P", "PA", "LA"):
        img = img.convert("RGBA")
    target = {1: "L", 3: "RGB", 4: "RGBA"}[channels]
    return img if img.mode == target else img.convert(target)


class ImageDataset(torch.utils.data.Dataset):
    """Sample i -> (i, label, uint8 H×W×C pixels or None, skipped entry or None)."""

    def __init__(self, samples, spec):
        self.samples = samples
        self.spec = (spec["height"], spec["width"], spec["channels"], spec["resize"])

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        path, label = self.samples[i]
        try:
            return i, label, load_pixels(path, *self.spec), None
        except BadImage as error:
            return i, label, None, skipped(path, error.code, error.reason)


def collate(items):
    good = [it for it in items if it[2] is not None]
    return {
        "index": torch.tensor([it[0] for it in good], dtype=torch.long),
        "y": torch.tensor([it[1] for it in good], dtype=torch.long),
        "x": torch.stack([it[2] for it in good]) if good else None,
        "skipped": [it[3] for it in items if it[3] is not None],
    }


def _quiet_worker(_worker_id):
    # Stopping is the main process's job: it checkpoints, then shuts the workers down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class _Chunks(torch.utils.data.Sampler):
    """A batch sampler whose batches are set before each pass."""

    def __init__(self):
        self.chunks = []

    def __iter__(self):
        return iter(self.chunks)

    def __len__(self):
        return len(self.chunks)


class PixelCache:
    """Decoded pixels of every image in memory (uint8), filled by the first pass over the data."""

    def __init__(self, count, spec):
        self.pixels = torch.empty(count, spec["height"], spec["width"], spec["channels"], dtype=torch.uint8)
        self.known = torch.zeros(count, dtype=torch.bool)
        self.bad = {}

    def store(self, batch):
        if batch["x"] is not None:
            self.pixels[batch["index"]] = batch["x"]
            self.known[batch["index"]] = True

    def complete(self):
        return int(self.known.sum()) + len(self.bad) >= len(self.known)


class BatchSource:
    """Batches of uint8 pixels for index chunks: from the cache when it is full, else decoded by DataLoader workers."""

    def __init__(self, samples, spec, workers, pin_memory, cache_bytes_limit, synthetic=None):
        self.samples = samples
        self.dataset = ImageDataset(samples, spec)
        self.cache = None
        size = len(samples) * spec["height"] * spec["width"] * spec["channels"]
        if synthetic is not None:
            self.cache = PixelCache(len(samples), spec)
            self.cache.pixels.copy_(synthetic)
            self.cache.known[:] = True
        elif len(samples) and size <= cache_bytes_limit:
            self.cache = PixelCache(len(samples), spec)
        self.chunks = _Chunks()
        self.loader = None
        if synthetic is None:
            # Its own generator: creating an iterator then leaves the global RNG (dropout) alone, so resumes are exact.
            options = dict(batch_sampler=self.chunks, num_workers=workers, collate_fn=collate, pin_memory=pin_memory,
                           generator=torch.Generator().manual_seed(0))
            if workers > 0:
                # Workers start with each pass and end with it: most runs read from the cache after the first epoch.
                options.update(worker_init_fn=_quiet_worker, prefetch_factor=4)
            self.loader = torch.utils.data.DataLoader(self.dataset, **options)

    def batches(self, chunks):
        """Yields dicts with index, y, x (N×H×W×C uint8, or None when every image of the chunk was bad) and skipped."""
        if self.cache is not None and self.cache.complete():
            for chunk in chunks:
                idx = torch.tensor([i for i in chunk if i not in self.cache.bad], dtype=torch.long)
                yield {
                    "index": idx,
                    "y": torch.tensor([self.samples[i][1] for i in idx.tolist()], dtype=torch.long),
                    "x": self.cache.pixels[idx] if len(idx) else None,
                    "skipped": [],
                }
            return
        self.chunks.chunks = [list(c) for c in chunks]
        for batch in self.loader:
            if self.cache is not None:
                self.cache.store(batch)
                for entry in batch["skipped"]:
                    self.cache.bad[self._index_of(entry["path"])] = entry
            yield batch

    def preload(self, batch_size, on_skipped, should_stop=lambda: False):
        """Decodes every image into the cache now (when it fits), so training never waits for decoding."""
        if self.cache is None or self.cache.complete():
            return False
        idx = list(range(len(self.samples)))
        for batch in self.batches([idx[i:i + batch_size] for i in range(0, len(idx), batch_size)]):
            on_skipped(batch["skipped"])
            if should_stop():
                break
        return True

    def _index_of(self, path):
        if not hasattr(self, "_paths"):
            self._paths = {p: i for i, (p, _) in enumerate(self.samples)}
        return self._paths[path]


def measure_mean_std(samples, spec, seed, workers, limit=300):
    """Per-channel mean and population std on the 0..1 scale over up to `limit` seeded training images."""
    chosen = list(range(len(samples)))
    random.Random(f"{seed}:stats").shuffle(chosen)
    chosen = chosen[:limit]
    channels = spec["channels"]
    total = torch.zeros(channels, dtype=torch.float64)
    total_sq = torch.zeros(channels, dtype=torch.float64)
    pixels = 0
    bad = []
    loader = torch.utils.data.DataLoader(
        ImageDataset([samples[i] for i in chosen], spec), batch_size=32, num_workers=workers, collate_fn=collate,
        worker_init_fn=_quiet_worker if workers else None, generator=torch.Generator().manual_seed(seed))
    for batch in loader:
        bad.extend(batch["skipped"])
        if batch["x"] is None:
            continue
        x = batch["x"].to(torch.float64).div_(255).reshape(-1, channels)
        total += x.sum(0)
        total_sq += (x * x).sum(0)
        pixels += x.shape[0]
    if pixels == 0:
        return [0.0] * channels, [1.0] * channels, bad
    mean = total / pixels
    var = (total_sq / pixels - mean * mean).clamp_min(0)
    std = [math.sqrt(v) if v > 1e-12 else 1.0 for v in var.tolist()]
    return mean.tolist(), std, bad


def skipped_report(entries, max_listed=1000):
    """The skipped-file section of report.json: each path once, with the first reason seen."""
    seen, files, by_code = set(), [], {}
    for entry in entries:
        if entry["path"] in seen:
            continue
        seen.add(entry["path"])
        by_code[entry["code"]] = by_code.get(entry["code"], 0) + 1
        if len(files) < max_listed:
            files.append(entry)
    return {"total": len(seen), "byCode": by_code, "files": files, "unlisted": len(seen) - len(files)}
