#!/usr/bin/env python3
"""Benchmark of the PyTorch engine (issue #5 §7). A benchmark that prints JSON, not a timed test.

    python3 scripts/bench-torch.py [--rounds 3] [--steps 10] [--nets googlenet-96] [--accuracy] [--device auto]
    python3 scripts/bench-torch.py --gpu-check          # what scripts/gpu-check.sh runs on a CUDA machine

Measures, interleaved over a few rounds (the median is reported, so a busy machine hurts less):
- a plain fp32 PyTorch loop over the network (random data, no loading; on the CPU at 96 px also
  scripts/bench/plain_torch_loop.py, the reference loop);
- the engine (assets/python/inception_runner.py on a job) in plain fp32 (`--fp32`), with its fast
  defaults (channels_last; bf16 autocast where a measured convolution runs faster in it on this CPU; bf16, else fp16, autocast on CUDA) and with the
  other mixed precision forced (bf16 on CPUs with AVX512-BF16, fp16 on CUDA),
  reading JPEG files through its DataLoader when Pillow is present (random tensors otherwise);
  images/s over the steps after warm-up, taken from the runner's own batch events;
- the data loader's images/s decoding JPEG files;
- with --accuracy: small-cnn on a Fashion-MNIST folder, fp32 against the fast defaults, validation
  accuracy after the same number of epochs.
Networks come from assets/python/examples (the generated code of the presets), so Node is not needed.
"""
import argparse
import gzip
import json
import os
import platform
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "assets", "python")
EXAMPLES = os.path.join(ASSETS, "examples")
PLAIN_SCRIPT = os.path.join(ROOT, "scripts", "bench", "plain_torch_loop.py")
FASHION_MNIST = "/usr/share/datasets/fashion-mnist"
sys.path.insert(0, ASSETS)


def env():
    return {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def has_pillow():
    try:
        import PIL  # noqa: F401
        return True
    except ImportError:
        return False


# --- images ------------------------------------------------------------------------------------------


def fashion_mnist(split):
    """(pixels, labels, rows, cols) of Debian's Fashion-MNIST, or None."""
    images = os.path.join(FASHION_MNIST, f"{split}-images-idx3-ubyte.gz")
    labels = os.path.join(FASHION_MNIST, f"{split}-labels-idx1-ubyte.gz")
    if not (os.path.isfile(images) and os.path.isfile(labels)):
        return None
    with gzip.open(images) as f:
        data = f.read()
    _, count, rows, cols = struct.unpack(">IIII", data[:16])
    with gzip.open(labels) as f:
        lab = f.read()[8:]
    return data[16:], lab, rows, cols, count


def write_folder(dest, per_class, size, rgb, fmt, split="t10k"):
    """An image folder of 10 classes: Fashion-MNIST images where present, random noise otherwise."""
    from PIL import Image
    import random
    source = fashion_mnist(split)
    taken = [0] * 10
    rng = random.Random(0)
    i = 0
    while min(taken) < per_class:
        if source:
            pixels, labels, rows, cols, count = source
            if i >= count:
                break
            label = labels[i]
            img = Image.frombytes("L", (cols, rows), pixels[i * rows * cols:(i + 1) * rows * cols])
        else:
            label = i % 10
            img = Image.frombytes("L", (28, 28), bytes(rng.randrange(256) for _ in range(784)))
        i += 1
        if taken[label] >= per_class:
            continue
        taken[label] += 1
        if size != img.size[0]:
            img = img.resize((size, size), Image.BILINEAR)
        if rgb:
            img = img.convert("RGB")
        folder = os.path.join(dest, f"class{label}")
        os.makedirs(folder, exist_ok=True)
        img.save(os.path.join(folder, f"{i:05d}.{'jpg' if fmt == 'jpeg' else 'png'}"), quality=90)
    return dest


# --- measurements ------------------------------------------------------------------------------------


def plain_loop_child(net_path, batch, steps, warmup, device):
    """A plain fp32 loop over the generated network: random data, SGD with momentum, no extras."""
    import torch
    from inception_torch.module import build_net
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", os.cpu_count() or 1)))
    torch.manual_seed(0)
    net, module = build_net(net_path)
    device = torch.device(device)
    net.to(device)
    if hasattr(net, "probabilities"):
        net.probabilities = False
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.randn(batch, *module.INPUT_SHAPE, device=device)
    y = torch.randint(0, module.NUM_OUTPUTS, (batch,), device=device)

    def step():
        opt.zero_grad()
        loss_fn(net(x), y).backward()
        opt.step()

    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    for _ in range(warmup):
        step()
    sync()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    sync()
    print(json.dumps({"imagesPerSecond": batch * steps / (time.perf_counter() - start)}))


def run_json(cmd, timeout=900):
    result = subprocess.run(cmd, capture_output=True, text=True, env=env(), timeout=timeout)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        return {"error": (result.stderr or result.stdout or "no output").strip().splitlines()[-3:]}
    return json.loads(lines[-1])


def plain(net, batch, steps, warmup, device):
    return run_json([sys.executable, __file__, "--child-plain", os.path.join(EXAMPLES, f"{net}.py"),
                     str(batch), str(steps), str(warmup), device])


def data_options(folder, validation_fraction, mean, std):
    return {"dir": folder, "valDir": None, "validationFraction": validation_fraction, "resize": "crop", "mean": mean,
            "std": std, "cacheDir": None, "workers": None}


def job_file(run_dir, net, input_shape, config, torch_options):
    """A job file with every value the runner reads written out (it fills in none): the benchmark's settings over
    the TypeScript contract's defaults (src/contract/runConfig.ts)."""
    c, h, w = input_shape
    return {
        "format": "inception-studio.torch-job", "version": 1, "runDir": run_dir, "resume": False, "graph": None,
        "split": None, "init": None, "frozen": {"nodes": [], "modules": []},
        "net": os.path.join(EXAMPLES, f"{net}.py"), "input": {"channels": c, "height": h, "width": w},
        "config": {"version": 1, "augment": {"cropPadding": 0, "flip": False, "rotation": 0, "scale": 0, "colorJitter": 0},
                   "warmupEpochs": 0, "labelSmoothing": 0, "earlyStopping": None, "seed": 0, "init": None,
                   "engineChoice": None, **config},
        "torch": {"device": "auto", "precision": "auto", "channelsLast": None, "workers": None, "threads": None,
                  "cacheBytes": None, "preload": None, "maxSteps": None, "checkpointEverySteps": None, "synthetic": None,
                  **torch_options},
    }


def engine(net, input_shape, batch, steps, warmup, device, fast, data_dir, classes, extra=None, config=None):
    """Runs the engine for warmup + steps steps; images/s between the warm-up and the last step, from its events."""
    with tempfile.TemporaryDirectory() as run_dir:
        c, h, w = input_shape
        total = warmup + steps
        options = {"device": device, "maxSteps": total}
        if data_dir is None:
            options["synthetic"] = {"images": total * batch, "classes": classes}
        if not fast:
            options.update(precision="fp32", channelsLast=False)
        options.update(extra or {})
        job = job_file(run_dir, net, (c, h, w), {
            "data": data_options(data_dir or run_dir, 0, [0.5] * c, [0.25] * c),
            "optimizer": {"type": "sgd", "momentum": 0.9, "nesterov": False, "weightDecay": 0},
            "lr": 0.01, "schedule": {"type": "constant"}, "epochs": 1, "batchSize": batch, **(config or {})}, options)
        path = os.path.join(run_dir, "job.json")
        with open(path, "w") as f:
            json.dump(job, f)
        result = subprocess.run([sys.executable, os.path.join(ASSETS, "inception_runner.py"), path],
                                capture_output=True, text=True, env=env(), timeout=1800)
        events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    batches = {e["step"]: e for e in events if e["type"] == "batch"}
    end = events[-1] if events else {}
    if end.get("status") != "stopped" or (total - 1) not in batches:
        return {"error": end.get("message") or result.stderr.strip().splitlines()[-3:]}
    t0, t1 = batches[warmup - 1]["time"], batches[total - 1]["time"]
    checkpoint = next((e for e in events if e["type"] == "checkpoint"), None)
    start = events[0]
    return {"imagesPerSecond": batch * steps / (t1 - t0), "backend": start["backend"],
            "checkpointSeconds": checkpoint["time"] - t1 if checkpoint else None, "events": len(events)}


def loader_speed(folder, size, channels, workers_list, batch=32):
    import torch
    from inception_torch import data
    scan = data.scan_folder(folder)
    spec = {"height": size, "width": size, "channels": channels, "resize": "crop"}
    out = []
    for workers in workers_list:
        source = data.BatchSource(scan["samples"], spec, workers, False, 0)
        idx = list(range(len(scan["samples"])))
        chunks = [idx[i:i + batch] for i in range(0, len(idx), batch)]
        seen, first = 0, None
        for b in source.batches(chunks):
            if first is None:
                first = time.perf_counter()
                continue
            seen += len(b["index"])
        seconds = time.perf_counter() - first
        out.append({"workers": workers, "imagesPerSecond": seen / seconds, "images": seen + batch})
        del source
    torch.set_num_threads(os.cpu_count() or 1)
    return out


def accuracy(device, epochs, per_class):
    """small-cnn on real Fashion-MNIST: validation accuracy of fp32 and of the fast defaults after the same epochs."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_folder(os.path.join(tmp, "fm"), per_class, 28, False, "png", split="train")
        results = {}
        from inception_torch.probe import cpu_bf16_support
        modes = {"fp32": {"precision": "fp32", "channelsLast": False}, "fast": {}}
        if device == "cpu" and cpu_bf16_support():
            modes["bf16"] = {"precision": "bf16"}
        if device == "cuda":
            modes["fp16"] = {"precision": "fp16"}
        for mode, forced in modes.items():
            with tempfile.TemporaryDirectory() as run_dir:
                job = job_file(run_dir, "small-cnn", (1, 28, 28), {
                    "data": data_options(folder, 0.2, None, None),
                    "optimizer": {"type": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7, "weightDecay": 0},
                    "lr": 0.002, "schedule": {"type": "cosine", "minFactor": 0.01}, "epochs": epochs, "batchSize": 64},
                    {"device": device, **forced})
                path = os.path.join(run_dir, "job.json")
                with open(path, "w") as f:
                    json.dump(job, f)
                start = time.perf_counter()
                out = subprocess.run([sys.executable, os.path.join(ASSETS, "inception_runner.py"), path],
                                     capture_output=True, text=True, env=env(), timeout=3600)
                events = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
                last = [e for e in events if e["type"] == "epoch"]
                results[mode] = {"valAccuracy": last[-1]["valAccuracy"] if last else None, "seconds": time.perf_counter() - start,
                                 "backend": events[0].get("backend") if events else out.stderr[-300:]}
        base = results["fp32"]["valAccuracy"]
        for mode in modes:
            acc = results[mode]["valAccuracy"]
            if mode != "fp32":
                results[mode]["pointsVsFp32"] = None if acc is None or base is None else round((acc - base) * 100, 2)
        return {"network": "small-cnn", "images": per_class * 10, "validation": per_class * 2, "epochs": epochs, **results}


# --- main --------------------------------------------------------------------------------------------


def machine(device):
    import torch
    from inception_torch.probe import cpu_amx_bf16, cpu_bf16_support
    info = {"torch": torch.__version__, "python": platform.python_version(), "cores": os.cpu_count(),
            "cpu": platform.processor() or platform.machine(), "cpuBf16": cpu_bf16_support(), "cpuAmx": cpu_amx_bf16(),
            "load": os.getloadavg() if hasattr(os, "getloadavg") else None}
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    if device == "cpu":
        from inception_torch.cpu_speed import conv_gflops
        info["convGflops"] = {**conv_gflops(), "what": "3x3 conv 64->64, 24x24, batch 32, forward+backward, channels_last"}
    if torch.cuda.is_available() and device != "cpu":
        p = torch.cuda.get_device_properties(0)
        info["gpu"] = {"name": p.name, "memoryGiB": round(p.total_memory / 2 ** 30, 1), "capability": f"{p.major}.{p.minor}",
                       "bf16": torch.cuda.is_bf16_supported(), "cuda": torch.version.cuda}
    return info


DEADLINE = [float("inf")]


def out_of_time():
    return time.perf_counter() > DEADLINE[0]


def benchmark_net(net, size, args, device, data_dir):
    shape = (3, size, size)
    classes = 1000 if net == "googlenet" else 10
    rounds = {"plainFp32": [], "engineFp32": [], "engineFast": []}
    forced = {}
    from inception_torch.probe import cpu_bf16_support
    if device == "cpu" and cpu_bf16_support():
        forced["engineBf16"] = {"precision": "bf16"}
    if device == "cuda":
        forced["engineFp16"] = {"precision": "fp16"}
    rounds.update({key: [] for key in forced})
    reference = []
    for i in range(args.rounds):
        if i > 0 and out_of_time():
            break
        if device == "cpu" and net == "googlenet-96" and os.path.isfile(PLAIN_SCRIPT):
            r = run_json([sys.executable, PLAIN_SCRIPT, str(args.batch), str(args.steps)])
            reference.append(r.get("imagesPerSecond"))
        rounds["plainFp32"].append(plain(net, args.batch, args.steps, args.warmup, device))
        rounds["engineFp32"].append(engine(net, shape, args.batch, args.steps, args.warmup, device, False, data_dir, classes))
        rounds["engineFast"].append(engine(net, shape, args.batch, args.steps, args.warmup, device, True, data_dir, classes))
        for key, extra in forced.items():
            rounds[key].append(engine(net, shape, args.batch, args.steps, args.warmup, device, True, data_dir, classes, extra=extra))
    result = {"network": net, "size": size, "batchSize": args.batch, "steps": args.steps, "warmup": args.warmup,
              "data": "JPEG files through the engine's DataLoader" if data_dir else "random tensors (synthetic)"}
    for key, runs in rounds.items():
        rates = [r["imagesPerSecond"] for r in runs if "imagesPerSecond" in r]
        result[key] = {"imagesPerSecond": statistics.median(rates) if rates else None, "rounds": [round(r, 1) for r in rates],
                       **({"errors": [r["error"] for r in runs if "error" in r]} if len(rates) < len(runs) else {})}
        if key.startswith("engine") and rates:
            ok = [r for r in runs if "imagesPerSecond" in r]
            result[key]["backend"] = ok[0]["backend"]
            result[key]["checkpointSeconds"] = ok[0]["checkpointSeconds"]
    if reference:
        rates = [r for r in reference if r]
        result["plainTorchLoopScript"] = {"imagesPerSecond": statistics.median(rates) if rates else None,
                                          "rounds": [round(r, 1) for r in rates], "script": "scripts/bench/plain_torch_loop.py"}
    base = result["plainFp32"]["imagesPerSecond"]
    if base:
        for key in ("engineFp32", "engineFast", *forced):
            rate = result[key]["imagesPerSecond"]
            result[key]["vsPlainFp32"] = round(rate / base, 3) if rate else None
    return result


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child-plain":
        net, batch, steps, warmup, device = sys.argv[2:7]
        return plain_loop_child(net, int(batch), int(steps), int(warmup), device)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--nets", default=None, help="comma-separated: googlenet-96 (96 px), googlenet (224 px)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--data", choices=["jpeg", "synthetic"], default=None)
    parser.add_argument("--loader", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--accuracy", action="store_true")
    parser.add_argument("--accuracy-epochs", type=int, default=4)
    parser.add_argument("--accuracy-per-class", type=int, default=500)
    parser.add_argument("--gpu-check", action="store_true", help="CUDA: runner check with AMP + channels_last, then 96 and 224 px")
    parser.add_argument("--budget", type=float, help="seconds; later rounds and sections are skipped past it")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.budget:
        DEADLINE[0] = time.perf_counter() + args.budget
    import torch
    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if args.gpu_check:
        args.nets = args.nets or "googlenet-96,googlenet"
        args.rounds = min(args.rounds, 2)
    nets = (args.nets or ("googlenet-96,googlenet" if device == "cuda" else "googlenet-96")).split(",")
    data_mode = args.data or ("jpeg" if has_pillow() and device == "cpu" else "synthetic")
    report = {"date": time.strftime("%Y-%m-%d"), "device": device, "machine": machine(device), "results": []}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        if args.gpu_check:
            report["runnerCheck"] = runner_check(device, tmp)
        folders = {}
        for net in nets:
            if out_of_time():
                report["results"].append({"network": net, "skipped": "out of time (--budget)"})
                continue
            size = 224 if net == "googlenet" else 96
            data_dir = None
            if data_mode == "jpeg":
                per_class = (args.warmup + args.steps) * args.batch // 10 + 1
                data_dir = folders.get(size) or write_folder(os.path.join(tmp, f"jpeg{size}"), per_class, size, True, "jpeg")
                folders[size] = data_dir
            report["results"].append(benchmark_net(net, size, args, device, data_dir))
        if args.loader and has_pillow() and not out_of_time():
            folder = write_folder(os.path.join(tmp, "loader96"), 128, 96, True, "jpeg")
            cores = os.cpu_count() or 1
            from inception_torch.device import default_workers, Setup
            default = default_workers(Setup(device=torch.device(device), precision="fp32", channels_last=False), None)
            report["loader"] = {"images": "96×96 RGB JPEG (Fashion-MNIST upscaled), decoded and resized by Pillow",
                                "defaultWorkers": default,
                                "runs": loader_speed(folder, 96, 3, sorted({0, default, max(1, cores)}))}
    if args.accuracy and not out_of_time():
        report["accuracy"] = accuracy(device, args.accuracy_epochs, args.accuracy_per_class)
    report["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(report, indent=2)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)


def runner_check(device, tmp):
    """The runner for a few steps on generated images with the fast defaults (AMP + channels_last), and with fp16."""
    data_dir = write_folder(os.path.join(tmp, "check"), 26, 96, True, "jpeg") if has_pillow() else None
    out = {"images": "generated JPEG files" if data_dir else "random tensors (Pillow missing)"}
    for name, extra in (("defaults", {}), ("fp16", {"precision": "fp16"}), ("bf16", {"precision": "bf16"})):
        r = engine("googlenet-96", (3, 96, 96), 32, 5, 3, device, True, data_dir, 10, extra=extra)
        out[name] = r
    return out


if __name__ == "__main__":
    main()
