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
