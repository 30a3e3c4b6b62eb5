"""Writes ONNX files of torchvision classifiers with their default random initialisation (no download).

usage: torchvisionOnnx.py [--size S] OUT_DIR MODEL...   (googlenet, resnet18, squeezenet1_1, mobilenet_v2, densenet121)
Each model is exported twice: OUT_DIR/NAME-preserve.onnx (training=PRESERVE: BatchNorm kept) and
OUT_DIR/NAME-eval.onnx (the defaults: BatchNorm folded into the convolutions). The input is S×S (224 by
default; other sizes are named NAME-S-preserve.onnx: the networks end in adaptive pooling, so the weights
are the same). Prints one JSON line per
model with its trainable parameter count. Existing files are kept.
"""
import json
import os
import sys

import torch
import torchvision


def build(name):
    torch.manual_seed(0)
    if name == "googlenet":
        return torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True)
    return getattr(torchvision.models, name)(weights=None)


def main():
    args = sys.argv[1:]
    size = 224
    if args[:1] == ["--size"]:
        size, args = int(args[1]), args[2:]
    out_dir, names = args[0], args[1:]
    os.makedirs(out_dir, exist_ok=True)
    for name in names:
        model = build(name).eval()
        x = torch.randn(1, 3, size, size)
        stem = name if size == 224 else f"{name}-{size}"
        for mode, training in (("preserve", torch.onnx.TrainingMode.PRESERVE), ("eval", torch.onnx.TrainingMode.EVAL)):
            file = os.path.join(out_dir, f"{stem}-{mode}.onnx")
            if not os.path.exists(file):
                tmp = file + ".tmp"
                torch.onnx.export(model, x, tmp, input_names=["input"], output_names=["logits"],
                                  dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, training=training,
                                  do_constant_folding=training == torch.onnx.TrainingMode.EVAL)
                os.replace(tmp, file)
        trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
        print(json.dumps({"name": name, "trainable": trainable}), flush=True)


if __name__ == "__main__":
    main()
