"""Image folders as the app reads them: scan and stratified split, with the TF.js engine's rules.

Classes are the sub-folder names in natural order (`natural_key`: 2 before 10); images in nested folders belong to the
class folder above them; hidden entries are ignored; symlinks are followed, with loops and duplicates
reported; files that are not usable images are skipped with a stable code and a reason.
"""
import math
import os
import random
import re
import stat

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
MAX_PIXELS = 100_000_000
SPLIT_METHOD = "per class: Python random.Random(f'{seed}:split:{class}').shuffle, hold out round(n × fraction) (at least one image stays for training)"


class BadImage(Exception):
    def __init__(self, code, reason):
        super().__init__(reason)
        self.code = code
        self.reason = reason


def skipped(path, code, reason):
    return {"path": path, "code": code, "reason": reason}


def sniff(head):
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head[:2] == b"BM" and len(head) >= 6:
        return "bmp"
    return None


def _fs_reason(error):
    if isinstance(error, PermissionError):
        return "unreadable", "permission denied"
    return "unreadable", f"cannot read: {error.strerror or error}"


def _inspect_file(path):
    """None when the file looks like an image, else a skipped entry."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return skipped(path, "broken-link", "broken symlink: its target does not exist")
    except OSError as error:
        if error.errno == 40:  # ELOOP
            return skipped(path, "symlink-loop", "symlink loop")
        return skipped(path, *_fs_reason(error))
    if not stat.S_ISREG(info.st_mode):
        return skipped(path, "not-file", "not a regular file")
    ext = os.path.splitext(path)[1]
    if ext.lower() not in IMAGE_EXTENSIONS:
        return skipped(path, "not-image", f"not an image file ({ext or 'no extension'})")
    if info.st_size == 0:
        return skipped(path, "empty", "empty file (0 bytes)")
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError as error:
        return skipped(path, *_fs_reason(error))
    if sniff(head) is None:
        return skipped(path, "not-image", f"not an image: the content is no image format, despite the {ext} name")
    return None


def natural_key(name):
    """The TF.js engine's naturalCompare (src/data/naturalOrder.ts): ASCII digit runs by value, the rest by code point."""
    parts = re.split(r"([0-9]+)", name)
    key = [(len(p.lstrip("0")), p.lstrip("0"), len(p)) if i % 2 else p for i, p in enumerate(parts)]
    return key, name


def with_class_order(scan, order):
    """The scan relabelled to a run's recorded class order (an older run sorted differently); unchanged unless the names match."""
    if sorted(order) != sorted(scan["classes"]) or order == scan["classes"]:
        return scan
    label_of = {name: i for i, name in enumerate(order)}
    relabel = [label_of[name] for name in scan["classes"]]
    samples = sorted(((path, relabel[label]) for path, label in scan["samples"]), key=lambda s: s[1])
    return {**scan, "classes": list(order), "samples": samples}


def _listdir(path):
    names = sorted(n for n in os.listdir(path) if not n.startswith("."))
    return [os.path.join(path, n) for n in names]


def _walk_class(folder, ancestors, state, out):
    try:
        entries = _listdir(folder)
    except OSError as error:
        code, reason = _fs_reason(error)
        state["skipped"].append(skipped(folder, code, f"cannot list folder: {reason}"))
        return
    for entry in entries:
        if os.path.isdir(entry):
            real = os.path.realpath(entry)
            if real in ancestors:
                state["skipped"].append(skipped(entry, "symlink-loop", f"symlink loop: leads back to {real}"))
            elif real in state["dirs"]:
                state["skipped"].append(skipped(entry, "duplicate", f"folder already scanned as {state['dirs'][real]}"))
            else:
                state["dirs"][real] = entry
                _walk_class(entry, ancestors + [real], state, out)
            continue
        problem = _inspect_file(entry)
        if problem:
            state["skipped"].append(problem)
            continue
        real = os.path.realpath(entry)
        if real in state["files"]:
            state["skipped"].append(skipped(entry, "duplicate", f"same file as {state['files'][real]} (through a symlink)"))
        else:
            state["files"][real] = entry
            out.append(entry)


def scan_folder(root):
    """Returns classes (names with images, in natural order), samples [(path, label)], skipped entries and empty classes."""
    root = os.path.abspath(root)
    if not os.path.exists(root):
        raise ValueError(f"Dataset folder {root} not found: nothing is there; expected one sub-folder per class, e.g. {os.path.join(root, 'cat', '*.jpg')}")
    if not os.path.isdir(root):
        raise ValueError(f"Dataset path {root} is a file, not a folder")
    real_root = os.path.realpath(root)
    state = {"dirs": {real_root: root}, "files": {}, "skipped": []}
    class_dirs = []
    for entry in _listdir(root):
        if os.path.isdir(entry):
            class_dirs.append(entry)
        else:
            state["skipped"].append(skipped(entry, "outside-class", "not in a class folder; move it into a sub-folder named after its class"))
    class_dirs.sort(key=lambda folder: natural_key(os.path.basename(folder)))
    if not class_dirs:
        raise ValueError(f"No class folders in {root}: expected one sub-folder per class, e.g. {os.path.join(root, 'cat', '*.jpg')}")
    classes, samples, empty = [], [], []
    for folder in class_dirs:
        name = os.path.basename(folder)
        real = os.path.realpath(folder)
        files = []
        if real in state["dirs"] and state["dirs"][real] != folder:
            state["skipped"].append(skipped(folder, "duplicate", f"folder already scanned as {state['dirs'][real]}"))
        else:
            state["dirs"][real] = folder
            _walk_class(folder, [real_root, real], state, files)
        if not files:
            empty.append(name)
            continue
        label = len(classes)
        classes.append(name)
        samples.extend((f, label) for f in files)
    return {"classes": classes, "samples": samples, "skipped": state["skipped"], "emptyClasses": empty}


def split_dataset(scan, fraction, seed):
    """Stratified seeded split: each class holds out round(n × fraction) images, keeping one for training."""
    classes = scan["classes"]
    by_class = [[] for _ in classes]
    for sample in scan["samples"]:
        by_class[sample[1]].append(sample)
    train, val = [], []
    for label, group in enumerate(by_class):
        order = list(range(len(group)))
        random.Random(f"{seed}:split:{classes[label]}").shuffle(order)
        held = max(0, min(math.floor(len(group) * fraction + 0.5), len(group) - 1))
        held_out = set(order[:held])
        for i, sample in enumerate(group):
            (val if i in held_out else train).append(sample)
    return train, val, []


def split_with_folder(scan, val_root):
    """A separate validation folder, matched to the training classes by name."""
    other = scan_folder(val_root)
    label_of = {name: i for i, name in enumerate(scan["classes"])}
    val, extra = [], list(other["skipped"])
    for path, label in other["samples"]:
        name = other["classes"][label]
        if name in label_of:
            val.append((path, label_of[name]))
        else:
            extra.append(skipped(path, "unknown-class", f"class {name} is not in the training folder"))
    return list(scan["samples"]), val, extra


def counts(classes, train, val):
    out = [{"name": name, "train": 0, "validation": 0} for name in classes]
    for _, label in train:
        out[label]["train"] += 1
    for _, label in val:
        out[label]["validation"] += 1
    return out
