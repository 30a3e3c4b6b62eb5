"""Where and how a run computes: device, precision, memory format, threads, and torchrun's process group."""
import contextlib
import os
from dataclasses import dataclass, field

import torch
import torch.distributed as dist

from .precision import cpu_choice


@dataclass
class Setup:
    device: torch.device
    precision: str  # fp32 | bf16 | fp16
    channels_last: bool
    rank: int = 0
    local_rank: int = 0
    world: int = 1
    threads: int = 0
    backend: str = ""
    notes: list = field(default_factory=list)

    @property
    def distributed(self):
        return self.world > 1

    @property
    def is_main(self):
        return self.rank == 0

    def autocast(self):
        if self.precision == "fp32":
            return contextlib.nullcontext()
        dtype = torch.bfloat16 if self.precision == "bf16" else torch.float16
        return torch.autocast(self.device.type, dtype=dtype)

    def grad_scaler(self):
        """fp16 needs loss scaling against gradient underflow; bf16 and fp32 do not."""
        if self.precision != "fp16" or self.device.type != "cuda":
            return None
        if hasattr(torch, "amp") and hasattr(torch.amp, "GradScaler"):
            try:
                return torch.amp.GradScaler("cuda")
            except TypeError:
                pass
        return torch.cuda.amp.GradScaler()

    def describe(self):
        what = self.device.type if self.device.type != "cuda" else f"cuda ({torch.cuda.get_device_name(self.device)})"
        parts = [self.precision]
        if self.channels_last:
            parts.append("channels_last")
        if self.device.type == "cpu":
            parts.append(f"{self.threads} threads")
        if self.distributed:
            parts.append(f"{self.world} processes, {self.backend}")
        return f"{what}: {', '.join(parts + self.notes)}"


def _pick_device(wanted, local_rank):
    mps = getattr(torch.backends, "mps", None)
    has_mps = mps is not None and mps.is_available()
    if wanted in (None, "auto"):
        wanted = "cuda" if torch.cuda.is_available() else "mps" if has_mps else "cpu"
    if wanted.startswith("cuda"):
        if not torch.cuda.is_available():
            raise RuntimeError(f"device {wanted} was asked for, but torch {torch.__version__} sees no CUDA GPU")
        index = local_rank if wanted == "cuda" else int(wanted.split(":")[1])
        torch.cuda.set_device(index)
        return torch.device("cuda", index)
    if wanted == "mps" and not has_mps:
        raise RuntimeError("device mps was asked for, but this torch has no Metal (MPS) support")
    if wanted not in ("mps", "cpu"):
        raise ValueError(f"unknown device {wanted!r}; expected auto, cuda, cuda:N, mps or cpu")
    return torch.device(wanted)


def _cpu_auto(options, distributed, rank):
    """(precision, channels_last, why) for a CPU run with `precision: auto`: the fastest variant measured on this
    machine (`precision.cpu_choice`, cached per machine). A resumed run keeps what its first session chose, so
    that it continues exactly as it would have; under torchrun rank 0 decides for every process."""
    earlier = options.get("cpuAutoPrecision")
    if earlier in ("fp32", "bf16"):
        return earlier, options.get("cpuAutoChannelsLast"), "as chosen when the run started" if earlier == "bf16" else None
    choice = cpu_choice(measure_if_needed=options.get("measurePrecision", True)) if rank == 0 else None
    if not distributed:
        # Not measured and not to be measured now (the engine speed probe): fp32, the memory format by default.
        return (choice["precision"], choice["channelsLast"], choice["why"]) if choice else ("fp32", None, None)
    t = torch.tensor([1 if choice and choice["precision"] == "bf16" else 0, 1 if choice and choice["channelsLast"] else 0])
    dist.broadcast(t, src=0)
    precision, channels_last = ("bf16" if t[0].item() else "fp32"), bool(t[1].item())
    return precision, channels_last, choice["why"] if choice else "as rank 0 measured"


def _pick_precision(wanted, device):
    """(precision, why) for a run off the CPU or with a precision given; why is None: there was nothing to weigh."""
    if wanted in (None, "auto"):
        if device.type == "cuda":
            return ("bf16" if torch.cuda.is_bf16_supported() else "fp16"), None
        return "fp32", None
    if wanted not in ("fp32", "bf16", "fp16"):
        raise ValueError(f"unknown precision {wanted!r}; expected auto, fp32, bf16 or fp16")
    if wanted == "fp16" and device.type == "cpu":
        raise ValueError("fp16 autocast is for GPUs; on the CPU use bf16 or fp32")
    if wanted != "fp32" and device.type == "mps":
        raise ValueError("mixed precision on MPS is not supported by the engine yet; use fp32")
    return wanted, None


def cpu_threads(local_world=1):
    """Threads for one process: the user's OMP_NUM_THREADS where set, else the cores shared among the processes.

    torchrun sets OMP_NUM_THREADS=1 for its workers when it starts several on a machine, so there the cores are
    shared out instead; a lone process keeps the cap the user (or a test suite sharing the machine) gave it.
    """
    cores = os.cpu_count() or 1
    cap = os.environ.get("OMP_NUM_THREADS", "")
    if local_world <= 1 and cap.isdigit() and int(cap) > 0:
        return min(int(cap), cores)
    return max(1, cores // max(1, local_world))


def setup(options):
    """Reads torchrun's environment (WORLD_SIZE, RANK, LOCAL_RANK) and the job's device options."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", str(world)))
    device = _pick_device(options.get("device"), local_rank)
    backend = ""
    if world > 1:
        backend = "nccl" if device.type == "cuda" and dist.is_nccl_available() else "gloo"
        dist.init_process_group(backend=backend)
    threads = 0
    if device.type == "cpu":
        threads = options.get("threads") or cpu_threads(local_world)
        torch.set_num_threads(threads)
    channels_last = options.get("channelsLast")
    if device.type == "cpu" and options.get("precision") in (None, "auto"):
        precision, measured_channels_last, why = _cpu_auto(options, world > 1 and backend == "gloo", rank)
        if channels_last is None:
            channels_last = measured_channels_last
    else:
        precision, why = _pick_precision(options.get("precision"), device)
    if channels_last is None:
        # NHWC is faster for convolutions on CUDA and on the CPU (oneDNN), in fp32 as in bf16.
        channels_last = device.type in ("cuda", "cpu")
    if device.type == "cuda":
        torch.backends.cudnn.benchmark = not options.get("deterministic", False)
    return Setup(device=device, precision=precision, channels_last=bool(channels_last), rank=rank,
                 local_rank=local_rank, world=world, threads=threads, backend=backend, notes=[why] if why else [])


def default_workers(setup_, requested):
    """DataLoader worker processes: as asked, else a share of the cores (the CPU also computes on CPU runs)."""
    if requested is not None:
        return requested
    cores = os.cpu_count() or 1
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
    per_process = max(1, cores // local_world)
    if setup_.device.type == "cpu":
        return 0 if per_process <= 1 else min(4, max(1, per_process // 4))
    return min(8, max(1, per_process - 1))


def all_reduce_max(flag, setup_):
    """True on every rank when any rank's flag is true (stops agree on the same step)."""
    if not setup_.distributed:
        return flag
    t = torch.tensor([1 if flag else 0], device=setup_.device if setup_.backend == "nccl" else "cpu")
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())
