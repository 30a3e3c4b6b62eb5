"""How far each fine-tuned PyTorch run's head moved from the value it started with.

usage: headMoves.py ASSETS_DIR JOBS_JSON   (JOBS_JSON: [{"net": net.py, "seed": S, "weights": trained
.safetensors, "prefix": "fc."}]). The engine seeds torch with the run's seed, then builds `Net()`: done again
here, the head's initial tensors are the run's. Prints one JSON line per job: tensor name -> largest change.
"""
import json
import sys

import torch


def main():
    sys.path.insert(0, sys.argv[1])
    from inception_torch import safetensors
    from inception_torch.module import build_net

    for job in json.loads(sys.argv[2]):
        torch.manual_seed(job["seed"])
        net, _ = build_net(job["net"])
        trained, _ = safetensors.load(job["weights"])
        initial = {k: v for k, v in net.state_dict().items() if k.startswith(job["prefix"])}
        print(json.dumps({k: float((trained[k] - v).abs().max()) for k, v in initial.items()}), flush=True)


if __name__ == "__main__":
    main()
