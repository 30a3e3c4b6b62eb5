#!/usr/bin/env bash
# The PyTorch engine on a CUDA machine, in one go (under 5 minutes; prints one JSON document):
#   1. the runner for a few steps on generated images (JPEG files when Pillow is there, random tensors
#      otherwise) with its fast defaults (AMP + channels_last), and with fp16 (GradScaler) and bf16;
#   2. plain fp32 PyTorch loop vs the engine in fp32 vs the engine's fast defaults, images/s at batch 32,
#      on googlenet-96 (96 px) and googlenet (224 px), with the device name.
# Needs only python3 with torch (2.x from pip is fine) and this working tree; no internet, no Node,
# no torchvision. Usage: scripts/gpu-check.sh [extra bench-torch.py options]   (PYTHON=... to pick one)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
"$PY" - <<'PY'
import torch, sys
if not torch.cuda.is_available():
    sys.exit(f"no CUDA GPU visible to torch {torch.__version__}; this check is for a CUDA machine")
print(f"torch {torch.__version__}, CUDA {torch.version.cuda}, {torch.cuda.get_device_name(0)}", file=sys.stderr)
PY
export PYTHONDONTWRITEBYTECODE=1
exec timeout 295 "$PY" scripts/bench-torch.py --gpu-check --device cuda --rounds 2 --steps 20 --warmup 5 --budget 200 "$@"
