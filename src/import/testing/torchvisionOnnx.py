"""Writes ONNX files of torchvision classifiers with their default random initialisation (no download).

usage: torchvisionOnnx.py [--size S] [--opset N] [--modes preserve,eval] OUT_DIR MODEL[:S[:N[:MODES]]]...
(any torchvision classifier by its builder's name: googlenet, resnet18, inception_v3, vgg11_bn, …; and
alexnet_narrow, vgg11_bn_narrow: see `narrow_head`; wide_resnet50_2_shallow, resnext50_32x4d_shallow: see
`shallow_resnet`; a model's own S, N and MODES, after colons, override the flags for
it, an empty one does not: one process, one torch import, for all of them)
Each model is exported in each mode (both by default): OUT_DIR/NAME-preserve.onnx (training=PRESERVE: BatchNorm
kept) and OUT_DIR/NAME-eval.onnx (the defaults: BatchNorm folded into the convolutions). The input is S×S (224 by
default; other sizes are named NAME-S-preserve.onnx: the networks end in adaptive pooling, so the weights
are the same); opset N (torch's default when absent) is named NAME-opN-preserve.onnx. Prints one JSON line
per model with its trainable parameter count. Existing files are kept; the files are written by `onnxFiles.py`
(locked, each model built once).

inception_v3 is built without its auxiliary classifier. For inception_v3, resnext50_32x4d(_shallow) and regnet_x_400mf
the BatchNorm statistics and affine weights are random too (seeded), so that folding them changes the weights.
"""
import json
import os
import sys

import torch
import torchvision


RANDOM_BATCHNORM = {"inception_v3", "resnext50_32x4d", "resnext50_32x4d_shallow", "regnet_x_400mf"}
NARROW_HIDDEN = 64
SHALLOW_LAYERS = [2, 1, 1, 1]


def narrow_head(model, trunk_channels):
    """torchvision's AlexNet / VGG trunk unchanged, its adaptive pool to 1×1 (an identity on the 1×1 trunk output of
    a small input: torch writes GlobalAveragePool) and its classifier's Linear layers NARROW_HIDDEN wide (Dropout and
    ReLU kept, 1,000 outputs): the family's layers at a fraction of the 25088×4096 + 4096×4096 weights."""
    model.avgpool = torch.nn.AdaptiveAvgPool2d(1)
    layers = list(model.classifier)
    linears = [i for i, m in enumerate(layers) if isinstance(m, torch.nn.Linear)]
    width = trunk_channels
    for i in linears:
        out = layers[i].out_features if i == linears[-1] else NARROW_HIDDEN
        layers[i] = torch.nn.Linear(width, out)
        width = out
    model.classifier = torch.nn.Sequential(*layers)
    return model


def shallow_resnet(**width):
    """torchvision's ResNet class with its Bottleneck blocks as wide_resnet50_2 or resnext50_32x4d builds them (`width`:
    groups and width per group), 2, 1, 1, 1 blocks per stage instead of 3, 4, 6, 3: every stage opens with its
    projecting block and the first stage also has a block with an identity shortcut, at a third of the weights."""
    return torchvision.models.ResNet(torchvision.models.resnet.Bottleneck, SHALLOW_LAYERS, **width)


def build(name):
    torch.manual_seed(0)
    if name == "googlenet":
        return torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True)
    if name == "alexnet_narrow":
        return narrow_head(torchvision.models.alexnet(weights=None), 256)
    if name == "vgg11_bn_narrow":
        return narrow_head(torchvision.models.vgg11_bn(weights=None), 512)
    if name == "wide_resnet50_2_shallow":
        model = shallow_resnet(width_per_group=128)
    elif name == "resnext50_32x4d_shallow":
        model = shallow_resnet(groups=32, width_per_group=4)
    elif name == "inception_v3":
        model = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False)
    else:
        model = getattr(torchvision.models, name)(weights=None)
    if name in RANDOM_BATCHNORM:
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.5, 0.5)
    return model


def main():
    args = sys.argv[1:]
    default_size, default_opset, modes = 224, None, ["preserve", "eval"]
    while args[:1] in (["--size"], ["--opset"], ["--modes"]):
        if args[0] == "--size":
            default_size = int(args[1])
        elif args[0] == "--modes":
            modes = args[1].split(",")
        else:
            default_opset = int(args[1])
        args = args[2:]
    out_dir, names = args[0], args[1:]
    jobs, firsts = [], []
    for entry in names:
        name, *own = entry.split(":")
        own += [""] * (3 - len(own))
        size = int(own[0]) if own[0] else default_size
        opset = int(own[1]) if own[1] else default_opset
        stem = name + ("" if size == 224 else f"-{size}") + ("" if opset is None else f"-op{opset}")
        firsts.append(len(jobs))
        jobs += [{"kind": "torchvision", "name": name, "size": size, "opset": opset, "mode": mode, "file": os.path.join(out_dir, f"{stem}-{mode}.onnx")}
                 for mode in (own[2].split(",") if own[2] else modes)]
    import onnxFiles  # it imports this module's builders
    counts = onnxFiles.write_all(jobs)
    for entry, first in zip(names, firsts):
        print(json.dumps({"name": entry.split(":")[0], "trainable": counts[first]}), flush=True)


if __name__ == "__main__":
    main()
