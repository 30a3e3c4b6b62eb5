"""What this Python offers the PyTorch engine, as one JSON line. Standalone: `python probe.py`."""
import json
import os
import sys


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def cpu_bf16_support():
    """True when the CPU has bf16 arithmetic (AVX512-BF16 or AMX-BF16): `precision: bf16` runs natively."""
    return bool(_cpu_flags() & {"avx512_bf16", "amx_bf16"})


def cpu_amx_bf16():
    """True with AMX tile units (Sapphire Rapids and later), where bf16 autocast clearly beats fp32.

    With AVX512-BF16 alone it did not: on our 2-core AVX512-BF16 VM (torch 1.13, oneDNN 2.6) bf16
    autocast trained googlenet-96 at 90 images/s against 113 for fp32 channels_last, so it is no default there.
    """
    return "amx_bf16" in _cpu_flags()


def main():
    report = {"python": sys.version.split()[0], "executable": sys.executable, "cpuCores": os.cpu_count()}
    try:
        import torch
    except Exception as error:  # noqa: BLE001 - any failure to import means no engine
        report["error"] = f"{type(error).__name__}: {error}"
        print(json.dumps(report))
        return
    report["torch"] = torch.__version__
    for name, module in (("torchvision", "torchvision"), ("pillow", "PIL")):
        try:
            report[name] = __import__(module).__version__
        except Exception:  # noqa: BLE001
            report[name] = None
    cuda = []
    try:
        if torch.cuda.is_available():
            for i in range(torch.cuda.device_count()):
                p = torch.cuda.get_device_properties(i)
                cuda.append({"name": p.name, "memoryBytes": p.total_memory, "capability": f"{p.major}.{p.minor}"})
    except Exception as error:  # noqa: BLE001 - a broken driver is reported, not fatal
        report["cudaError"] = str(error)
    report["cuda"] = cuda
    report["cudaVersion"] = torch.version.cuda
    report["cudaBf16"] = bool(cuda) and torch.cuda.is_bf16_supported()
    mps = getattr(torch.backends, "mps", None)
    report["mps"] = bool(mps is not None and mps.is_available())
    report["mkldnn"] = torch.backends.mkldnn.is_available()
    report["cpuBf16"] = cpu_bf16_support() and report["mkldnn"]
    report["cpuAmx"] = cpu_amx_bf16() and report["mkldnn"]
    dist = torch.distributed
    report["distributed"] = dist.is_available()
    report["gloo"] = dist.is_available() and dist.is_gloo_available()
    report["nccl"] = dist.is_available() and dist.is_nccl_available()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
