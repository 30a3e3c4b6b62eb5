"""Loads torchvision's inception_v3 weights into the Net generated from the inception-v3 preset; prints how far apart they are.

usage: inceptionV3Parity.py NET_PY
torchvision.models.inception_v3(aux_logits=False, init_weights=False) with random BatchNorm statistics and affine
weights (seeded), eval mode. Its state_dict goes into Net with BasicConv2d's `conv`/`bn` renamed to the Sequential's
`0`/`1` and nothing else changed (strict: every key on both sides). Prints one JSON line: the largest difference
between the two networks' logits on two random 299×299 images, and the largest logit.
"""
import importlib.util
import json
import sys

import torch
import torchvision


def main():
    spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
    generated = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generated)
    torch.manual_seed(0)
    reference = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False)
    with torch.no_grad():
        for m in reference.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    net = generated.Net()
    state = {k.replace(".conv.", ".0.").replace(".bn.", ".1."): v for k, v in reference.state_dict().items()}
    net.load_state_dict(state, strict=True)
    net.probabilities = False
    reference.eval()
    net.eval()
    x = torch.randn(2, 3, 299, 299)
    with torch.no_grad():
        expected = reference(x)
        actual = net(x)
    print(json.dumps({"difference": (actual - expected).abs().max().item(), "largest": expected.abs().max().item(),
                      "shape": list(actual.shape)}))


if __name__ == "__main__":
    main()
