"""Checks ONNX files with the onnx package's full checker; prints what a consumer sees, one JSON line per file."""
import json
import sys

import onnx


def dims(value):
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    print(json.dumps({
        "onnx": onnx.__version__,
        "ir_version": model.ir_version,
        "opset": [[o.domain, o.version] for o in model.opset_import],
        "producer": model.producer_name,
        "inputs": {i.name: dims(i) for i in model.graph.input},
        "outputs": {o.name: dims(o) for o in model.graph.output},
        "metadata": {p.key: p.value for p in model.metadata_props},
        "operators": sorted({n.op_type for n in model.graph.node}),
    }))
