"""The run's image lists: its split.json (written by the host), else a scan and split with the TF.js engine's rules.

A run started by the app trains on the lists of its `split.json` (`src/data/runSplit.ts`), the same for both
engines. Without one (an exported bundle on another machine), the folder is scanned and split here by the
TF.js engine's algorithm (`src/data/split.ts`, `src/data/random.ts`: mulberry32, deriveSeed).

Classes are the sub-folder names in natural order (`natural_key`: 2 before 10); images in nested folders belong to the
class folder above them; hidden entries are ignored; symlinks are followed, with loops and duplicates
reported; files that are not usable images are skipped with a stable code and a reason.
"""
import json
import math
import os
import re
import stat

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
MAX_PIXELS = 100_000_000
FRACTION_METHOD = ("per class: Fisher-Yates shuffle with mulberry32(deriveSeed(seed, 'split', class)), hold out round(n × fraction) "
                   "(at least one image stays for training)")
FOLDER_METHOD = "separate validation folder"
U32 = 0xFFFFFFFF


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
    """A scan (`samples`) or a run's lists (`train`, `validation`) relabelled to a run's recorded class order (an
    older run sorted differently); unchanged unless the names match."""
    if sorted(order) != sorted(scan["classes"]) or order == scan["classes"]:
        return scan
    label_of = {name: i for i, name in enumerate(order)}
    relabel = [label_of[name] for name in scan["classes"]]
    lists = {key: sorted(((path, relabel[label]) for path, label in scan[key]), key=lambda s: s[1])
             for key in ("samples", "train", "validation") if key in scan}
    return {**scan, "classes": list(order), **lists}


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
    """Returns the root, classes (names with images, in natural order), samples [(path, label)], skipped entries and empty classes."""
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
    return {"root": root, "classes": classes, "samples": samples, "skipped": state["skipped"], "emptyClasses": empty}


def _imul(a, b):
    return (a * b) & U32


def mulberry32(seed):
    """src/data/random.ts's mulberry32: floats in [0, 1), the same sequence for the same seed."""
    state = seed & U32

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & U32
        t = _imul(state ^ (state >> 15), state | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & U32
        return (t ^ (t >> 14)) / 4294967296

    return draw


def _avalanche(h):
    h ^= h >> 16
    h = _imul(h, 0x85EBCA6B)
    h ^= h >> 13
    h = _imul(h, 0xC2B2AE35)
    return h ^ (h >> 16)


def derive_seed(*parts):
    """src/data/random.ts's deriveSeed: integers by their two 32-bit words, strings by their UTF-16 code units."""
    h = 0x9E3779B9
    for part in parts:
        if isinstance(part, int):
            h = _avalanche(h ^ _imul(part & U32, 0xCC9E2D51))
            h = _avalanche(h ^ _imul((part // 4294967296) & U32, 0x1B873593))
        else:
            raw = part.encode("utf-16-le")
            units = [raw[i] | raw[i + 1] << 8 for i in range(0, len(raw), 2)]
            for unit in units:
                h = _avalanche(h ^ _imul(unit, 0xCC9E2D51))
            h = _avalanche(h ^ len(units))
    return h


def split_dataset(scan, fraction, seed):
    """src/data/split.ts's splitDataset: per class a seeded shuffle holds out round(n × fraction), keeping one for training."""
    classes = scan["classes"]
    by_class = [[] for _ in classes]
    for sample in scan["samples"]:
        by_class[sample[1]].append(sample)
    train, val = [], []
    for label, group in enumerate(by_class):
        order = list(range(len(group)))
        draw = mulberry32(derive_seed(seed, "split", classes[label]))
        for i in range(len(order) - 1, 0, -1):
            j = math.floor(draw() * (i + 1))
            order[i], order[j] = order[j], order[i]
        held = max(0, min(math.floor(len(group) * fraction + 0.5), len(group) - 1))
        held_out = set(order[:held])
        for i, sample in enumerate(group):
            (val if i in held_out else train).append(sample)
    return train, val, []


def split_with_folder(scan, val_root):
    """A separate validation folder, matched to the training classes by name (src/data/split.ts's splitWithValidationFolder)."""
    other = scan_folder(val_root)
    label_of = {name: i for i, name in enumerate(scan["classes"])}
    val, extra = [], list(other["skipped"])
    for path, label in other["samples"]:
        name = other["classes"][label]
        if name in label_of:
            val.append((path, label_of[name]))
        else:
            extra.append(skipped(path, "unknown-class", f'class "{name}" is not in the training folder {scan["root"]}'))
    val.sort(key=lambda sample: sample[1])
    return list(scan["samples"]), val, extra


def read_split(path):
    """A run's split.json: classes, train and validation [(path, label)], skipped, emptyClasses, and the report's `split`."""
    with open(path, encoding="utf-8") as f:
        content = json.load(f)
    if content.get("version") != 1:
        raise ValueError(f"{path} is not a run's split (version 1 expected, found {content.get('version')!r})")
    method = content["method"]
    if method["kind"] == "folder":
        described = {"method": method["description"], "valDir": method["valDir"]}
    else:
        described = {"method": method["description"], "seed": method["seed"], "validationFraction": method["validationFraction"]}
    return {
        "classes": content["classes"],
        "train": [(s["path"], s["label"]) for s in content["train"]],
        "validation": [(s["path"], s["label"]) for s in content["validation"]],
        "skipped": content["skipped"],
        "emptyClasses": content["emptyClasses"],
        "split": {**described, "file": os.path.basename(path)},
    }


def split_folder(data, seed, class_order=None):
    """Without a split.json: scans `data["dir"]` and splits it as the TF.js engine would, in the same dict as `read_split`."""
    scan = scan_folder(data["dir"])
    if class_order:
        scan = with_class_order(scan, class_order)
    if data["valDir"]:
        train, val, extra = split_with_folder(scan, data["valDir"])
        described = {"method": FOLDER_METHOD, "valDir": data["valDir"]}
    else:
        fraction = float(data["validationFraction"])
        train, val, extra = split_dataset(scan, fraction, seed)
        described = {"method": FRACTION_METHOD, "seed": seed, "validationFraction": fraction}
    return {"classes": scan["classes"], "train": train, "validation": val, "skipped": scan["skipped"] + extra,
            "emptyClasses": scan["emptyClasses"], "split": {**described, "file": None}}


def run_lists(job, class_order=None):
    """The images a job trains and validates on: synthetic ones, its split.json's, or (no split file) the folder's
    own scan and split. `class_order`: a resumed run's recorded classes."""
    data = job["config"]["data"]
    seed = int(job["config"]["seed"])
    synthetic = job["torch"]["synthetic"]
    if synthetic:
        k, n = int(synthetic["classes"]), int(synthetic["images"])
        samples = [(f"synthetic:{i}", i % k) for i in range(n)]
        fraction = float(data["validationFraction"])
        train, val, _ = split_dataset({"classes": [f"class{i}" for i in range(k)], "samples": samples}, fraction, seed)
        return {"classes": [f"class{i}" for i in range(k)], "train": train, "validation": val, "skipped": [], "emptyClasses": [],
                "split": {"method": FRACTION_METHOD, "seed": seed, "validationFraction": fraction, "file": None}}
    lists = read_split(job["split"]) if job["split"] else split_folder(data, seed, class_order)
    return with_class_order(lists, class_order) if class_order else lists


def counts(classes, train, val):
    out = [{"name": name, "train": 0, "validation": 0} for name in classes]
    for _, label in train:
        out[label]["train"] += 1
    for _, label in val:
        out[label]["validation"] += 1
    return out
