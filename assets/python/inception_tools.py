"""Inception Studio's PyTorch tools, one sub-command each; the app calls them, and so can you.

  probe   NET.py [--forward-map FILE]            parameter counts and each node's output shape (JSON)
  forward NET.py --weights W --input X --out Y    run the network in eval mode (safetensors in and out)
  onnx    NET.py [--weights W] --out MODEL.onnx   export with torch.onnx.export (opset 13 or newer)
  extract CHECKPOINT.pt --out W                   the model weights of a runner checkpoint, as safetensors
  init    NET.py --seed N --out W                 freshly initialised weights, as safetensors
  to-pt   W --out WEIGHTS.pt                      a safetensors file as a torch.save'd state_dict
  speed   NET.py [--batch N] [--seconds S]        training images/s on random data, with the runner's defaults
  gradcam NET.py --weights W --input X (--module A | --line L --variable V) [--class C]
                                                  Grad-CAM of one image at a node's output (JSON: map, class, probabilities)
  gradcam-serve NET.py --weights W                Grad-CAM requests on stdin, one JSON line each, answered on stdout
                                                  with the network loaded once (the app keeps one per run)
  precision [--measure]                          the CPU precision and memory format runs with `precision: auto` use,
                                                  and what was measured (cached per machine; --measure measures anew)

Weights files are safetensors with PyTorch state_dict names. Every command prints one JSON line.
"""
import argparse
import inspect
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inception_torch.device import cpu_threads  # noqa: E402
from inception_torch import safetensors  # noqa: E402
from inception_torch.checkpoint import load_checkpoint_file  # noqa: E402
from inception_torch.module import build_net, count_parameters  # noqa: E402


def load_weights(net, path):
    tensors, _ = safetensors.load(path)
    missing, unexpected = net.load_state_dict(tensors, strict=False)
    # num_batches_tracked has no TF.js counterpart; a weights file may leave it out.
    missing = [m for m in missing if not m.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"{path} does not fit the network: missing {missing[:5]}, unexpected {unexpected[:5]}")


def probe(args):
    net, module = build_net(args.net)
    net.eval()
    entries = json.load(open(args.forward_map)) if args.forward_map else []
    by_line = {}
    for entry in entries:
        by_line.setdefault(entry["line"], []).append(entry)
    code = type(net).forward.__code__
    shapes = {}
    previous = [None]

    # Records, after each line of Net.forward runs, the shape of the variable it assigned.
    def local_trace(frame, event, _arg):
        if event in ("line", "return"):
            for entry in by_line.get(previous[0], []):
                value = frame.f_locals.get(entry["variable"])
                if isinstance(value, torch.Tensor):
                    shapes[entry["nodeId"]] = list(value.shape[1:])
            previous[0] = frame.f_lineno if event == "line" else None
        return local_trace

    def global_trace(frame, event, _arg):
        return local_trace if event == "call" and frame.f_code is code else None

    x = torch.zeros(2, *module.INPUT_SHAPE)
    sys.settrace(global_trace)
    try:
        with torch.no_grad():
            out = net(x)
    finally:
        sys.settrace(None)
    trainable, statistics = count_parameters(net)
    print(json.dumps({"trainable": trainable, "statistics": statistics, "shapes": shapes, "output": list(out.shape[1:])}))


def forward(args):
    net, _ = build_net(args.net)
    load_weights(net, args.weights)
    net.eval()
    if args.logits and hasattr(net, "probabilities"):
        net.probabilities = False
    x = safetensors.load(args.input)[0]["input"].float()
    with torch.no_grad():
        y = net(x)
    safetensors.save({"output": y.float()}, args.out)
    print(json.dumps({"output": list(y.shape)}))


def export_onnx(args):
    net, module = build_net(args.net)
    if args.weights:
        load_weights(net, args.weights)
    net.eval()
    output_name = "probabilities" if getattr(net, "probabilities", False) else "logits"
    x = torch.zeros(1, *module.INPUT_SHAPE)
    options = dict(
        opset_version=args.opset,
        input_names=["input"],
        output_names=[output_name],
        dynamic_axes={"input": {0: "batch"}, output_name: {0: "batch"}},
        do_constant_folding=True,
    )
    # torch 2.9 made the dynamo exporter (which needs onnxscript) the default; keep the TorchScript one.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        options["dynamo"] = False
    tmp = args.out + ".tmp"
    torch.onnx.export(net, x, tmp, **options)
    os.replace(tmp, args.out)
    print(json.dumps({"onnx": args.out, "opset": args.opset, "input": "input", "output": output_name,
                      "inputShape": ["batch", *module.INPUT_SHAPE], "torch": torch.__version__}))


def extract(args):
    state = load_checkpoint_file(args.checkpoint)
    safetensors.save({k: v for k, v in state["model"].items()}, args.out, {"epoch": state.get("epoch", "")})
    print(json.dumps({"weights": args.out, "tensors": len(state["model"])}))


def init(args):
    torch.manual_seed(args.seed)
    net, _ = build_net(args.net)
    safetensors.save(net.state_dict(), args.out)
    print(json.dumps({"weights": args.out}))


def to_pt(args):
    tensors, _ = safetensors.load(args.weights)
    tmp = args.out + ".tmp"
    torch.save(dict(tensors), tmp)
    os.replace(tmp, args.out)
    print(json.dumps({"weights": args.out, "tensors": len(tensors)}))


def speed(args):
    from inception_torch.speed import measure_training_speed
    print(json.dumps(measure_training_speed(args.net, args.batch, args.seconds, {"device": args.device})))


def gradcam(args):
    from inception_torch.gradcam import grad_cam
    # One image is too little work to share out: on a busy machine more threads made it 20 times slower.
    torch.set_num_threads(1)
    net, _ = build_net(args.net)
    load_weights(net, args.weights)
    x = safetensors.load(args.input)[0]["input"].float()
    start = time.perf_counter()
    cam, c, probabilities = grad_cam(net, x, args.class_index, args.module, args.line, args.variable)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "map": cam.reshape(-1).tolist(), "height": cam.shape[0], "width": cam.shape[1],
                      "classIndex": c, "probabilities": probabilities.tolist()}))


def gradcam_serve(args):
    from inception_torch.gradcam import serve
    torch.set_num_threads(1)
    net, _ = build_net(args.net)
    load_weights(net, args.weights)

    def write(text):
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    serve(net, sys.stdin, write)


def precision(args):
    from inception_torch import precision as choice
    if args.measure:
        try:
            os.remove(choice.cache_path())
        except FileNotFoundError:
            pass
    print(json.dumps(choice.cpu_choice()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("probe")
    p.add_argument("net")
    p.add_argument("--forward-map")
    p.set_defaults(run=probe)
    p = sub.add_parser("forward")
    p.add_argument("net")
    p.add_argument("--weights", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--logits", action="store_true", help="return logits even where the design ends in softmax")
    p.set_defaults(run=forward)
    p = sub.add_parser("onnx")
    p.add_argument("net")
    p.add_argument("--weights")
    p.add_argument("--out", required=True)
    p.add_argument("--opset", type=int, default=13)
    p.set_defaults(run=export_onnx)
    p = sub.add_parser("extract")
    p.add_argument("checkpoint")
    p.add_argument("--out", required=True)
    p.set_defaults(run=extract)
    p = sub.add_parser("init")
    p.add_argument("net")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    p.set_defaults(run=init)
    p = sub.add_parser("to-pt")
    p.add_argument("weights")
    p.add_argument("--out", required=True)
    p.set_defaults(run=to_pt)
    p = sub.add_parser("speed")
    p.add_argument("net")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seconds", type=float, default=1.5)
    p.add_argument("--device", default="auto")
    p.set_defaults(run=speed)
    p = sub.add_parser("gradcam")
    p.add_argument("net")
    p.add_argument("--weights", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--module", help="the attribute of the node's module (a forward hook)")
    p.add_argument("--line", type=int, help="for a node computed inline: the line of Net.forward that assigns it")
    p.add_argument("--variable")
    p.add_argument("--class", dest="class_index", type=int)
    p.set_defaults(run=gradcam)
    p = sub.add_parser("gradcam-serve")
    p.add_argument("net")
    p.add_argument("--weights", required=True)
    p.set_defaults(run=gradcam_serve)
    p = sub.add_parser("precision")
    p.add_argument("--measure", action="store_true")
    p.set_defaults(run=precision)
    args = parser.parse_args(argv)
    if getattr(args, "opset", 13) < 13:
        parser.error("--opset must be 13 or newer")
    torch.set_num_threads(cpu_threads())
    args.run(args)


if __name__ == "__main__":
    main()
