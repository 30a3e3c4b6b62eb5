"""Grad-CAM (Selvaraju et al. 2017, plain, not guided) on a generated network, with hooks on its modules."""
import sys

import torch


def _capture_by_hook(net, attribute, captured):
    """The output of `self.<attribute>`, kept with its gradient (a forward hook)."""
    def hook(_module, _inputs, output):
        output.retain_grad()
        captured["features"] = output
    return getattr(net, attribute).register_forward_hook(hook)


def _capture_by_line(net, line, variable, captured):
    """For a node computed inline in Net.forward (no module to hook): the variable assigned on `line`."""
    code = type(net).forward.__code__
    previous = [None]

    def local_trace(frame, event, _arg):
        if event in ("line", "return") and previous[0] == line and "features" not in captured:
            value = frame.f_locals.get(variable)
            if isinstance(value, torch.Tensor):
                value.retain_grad()
                captured["features"] = value
        previous[0] = frame.f_lineno if event == "line" else None
        return local_trace

    sys.settrace(lambda frame, event, _arg: local_trace if event == "call" and frame.f_code is code else None)


def grad_cam(net, x, class_index=None, attribute=None, line=None, variable=None):
    """The map (H×W), the class it explains and the softmax probabilities, for one NCHW image `x`."""
    if hasattr(net, "probabilities"):
        net.probabilities = False
    net.eval()
    captured = {}
    handle = _capture_by_hook(net, attribute, captured) if attribute else None
    if handle is None:
        _capture_by_line(net, line, variable, captured)
    try:
        scores = net(x)
    finally:
        sys.settrace(None)
        if handle is not None:
            handle.remove()
    features = captured.get("features")
    if features is None:
        raise SystemExit(f"Grad-CAM: the node's output was not seen (module {attribute}, line {line} {variable})")
    c = int(scores.argmax(1)[0]) if class_index is None else class_index
    if not 0 <= c < scores.shape[1]:
        raise SystemExit(f"Grad-CAM: class index {c} is outside 0…{scores.shape[1] - 1}")
    net.zero_grad(set_to_none=True)
    scores[0, c].backward()
    alpha = features.grad.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((alpha * features).sum(dim=1))[0].detach()
    return cam, c, torch.softmax(scores.detach(), dim=1)[0]


def serve(net, lines, write):
    """Grad-CAM for each request line (JSON: `input`, base64 little-endian float32 NCHW of `shape`; `module` or
    `line` and `variable`; `class` or null), one JSON answer line each, until the input ends. A request that
    fails gets {"error": ...} and the next one is served: the network stays loaded."""
    import base64
    import json
    import time
    write(json.dumps({"ready": True}))
    for line in lines:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            raw = bytearray(base64.b64decode(request["input"]))
            x = torch.frombuffer(raw, dtype=torch.float32).reshape(request["shape"])
            start = time.perf_counter()
            cam, c, probabilities = grad_cam(net, x, request.get("class"), request.get("module"), request.get("line"), request.get("variable"))
            write(json.dumps({"seconds": time.perf_counter() - start, "map": cam.reshape(-1).tolist(), "height": cam.shape[0],
                              "width": cam.shape[1], "classIndex": c, "probabilities": probabilities.tolist()}))
        except (Exception, SystemExit) as error:  # noqa: BLE001 - each request's failure is its answer
            write(json.dumps({"error": str(error) or type(error).__name__}))
