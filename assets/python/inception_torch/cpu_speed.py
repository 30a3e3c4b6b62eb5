"""How fast this CPU trains convolutions in bf16 against fp32, measured rather than read off a flag.

AVX512-BF16 alone does not make bf16 faster: on a 2-core Emerald Rapids VM whose hypervisor hides AMX
(torch 1.13, oneDNN 2.6.3) a 3×3 convolution ran at 179 GFLOP/s in bf16 against 332 in fp32, so bf16
autocast trained googlenet-96 slower. With AMX, or where oneDNN's bf16 kernels are faster, it wins.
"""
import time

import torch

# bf16 autocast must be at least this much faster to be the default: noise must not flip the choice.
BF16_MARGIN = 1.15


def _seconds_per_step(dtype, steps=4, warmup=2):
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(64, 64, 3, padding=1).to(memory_format=torch.channels_last)
    x = torch.randn(32, 64, 24, 24).contiguous(memory_format=torch.channels_last)
    use_bf16 = dtype == torch.bfloat16

    def step():
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=use_bf16):
            y = conv(x)
        y.float().sum().backward()

    for _ in range(warmup):
        step()
    best = float("inf")
    for _ in range(steps):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def conv_gflops():
    """Training (forward + both backward passes) GFLOP/s of one 3×3, 64→64 convolution at 24×24, batch 32."""
    flops = 3 * 2 * 32 * 24 * 24 * 64 * 64 * 9
    out = {"fp32": round(flops / _seconds_per_step(torch.float32) / 1e9, 1)}
    try:
        out["bf16"] = round(flops / _seconds_per_step(torch.bfloat16) / 1e9, 1)
    except RuntimeError as error:  # a torch without CPU bf16 kernels
        out["bf16"] = None
        out["bf16Error"] = str(error).splitlines()[0]
    return out


def bf16_speedup():
    """bf16 autocast's speed over fp32 on this CPU for a representative convolution (about 0.2 s to measure)."""
    speeds = conv_gflops()
    if not speeds.get("bf16"):
        return 0.0, speeds
    return speeds["bf16"] / speeds["fp32"], speeds
