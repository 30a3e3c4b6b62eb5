"""Reads and writes the safetensors format (a JSON header and raw little-endian tensors) with torch alone.

This is the interchange format between the engines: PyTorch `state_dict` names and layouts. Files
written here load with the `safetensors` package too, and `src/torch/safetensors.ts` reads them.
"""
import ctypes
import json
import os
import struct

import torch

_DTYPES = {
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "F64": torch.float64,
    "I64": torch.int64,
    "I32": torch.int32,
    "U8": torch.uint8,
}
_NAMES = {v: k for k, v in _DTYPES.items()}


def save(tensors, path, metadata=None):
    """Writes a dict of name -> tensor atomically (temp file, fsync, rename)."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().to("cpu").contiguous()
        if t.dtype not in _NAMES:
            raise ValueError(f"{name}: dtype {t.dtype} is not supported in the interchange file")
        size = t.numel() * t.element_size()
        blobs.append(ctypes.string_at(t.data_ptr(), size) if size else b"")
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + size]}
        offset += size
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load(path):
    """Reads a safetensors file into a dict of name -> CPU tensor (and returns its metadata too)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    (length,) = struct.unpack("<Q", data[:8])
    if 8 + length > len(data):
        raise ValueError(f"{path}: header length {length} runs past the end of the file")
    header = json.loads(data[8:8 + length].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    base = 8 + length
    buffer = bytearray(data[base:])
    tensors = {}
    for name, info in header.items():
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        if count == 0:
            tensors[name] = torch.zeros(info["shape"], dtype=dtype)
            continue
        t = torch.frombuffer(buffer, dtype=dtype, count=count, offset=start)
        if (end - start) != count * t.element_size():
            raise ValueError(f"{path}: tensor {name} has {end - start} bytes for shape {info['shape']}")
        tensors[name] = t.reshape(info["shape"]).clone()
    return tensors, metadata
