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
    """True with AMX tile units (Sapphire Rapids and later; a hypervisor may hide them)."""
    return "amx_bf16" in _cpu_flags()


def torch_blas():
    """Which BLAS the loaded torch calls for fp32 matrix products (Dense layers), on Linux: `reference` is the
    unoptimised netlib library that Debian's python3-torch gets without OpenBLAS (4 GFLOP/s against 58 with
    OpenBLAS on our 2-core VM). None where it cannot tell (pip's wheels carry their own)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return None
    real = [os.path.realpath(p) for p in paths if p.startswith("/")]
    # torch links libblas.so.3 where it uses a system BLAS: whatever that name resolves to answers its calls.
    linked = [p for p in real if os.path.basename(p).startswith("libblas.so")] or real
    for name, marker in (("reference", "/blas/libblas.so"), ("mkl", "mkl"), ("openblas", "openblas"), ("blis", "blis")):
        if any(marker in p for p in linked):
            return name
    return None


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
    report["blas"] = torch_blas()
    dist = torch.distributed
    report["distributed"] = dist.is_available()
    report["gloo"] = dist.is_available() and dist.is_gloo_available()
    report["nccl"] = dist.is_available() and dist.is_nccl_available()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
