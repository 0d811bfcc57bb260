"""Shared by torch_exchange.py and torch_trajectories.py (the PyTorch peer of bench/interop).

Only torch is required. Safetensors files go through the `safetensors` package when it is
installed, else through the small reader/writer below (F32 only, which is all chainrule writes).
"""
import json
import struct
import sys

try:
    import torch
except ImportError as err:  # the TS driver turns this line into its own "skipped: …"
    print(f"skipped: torch is not importable by {sys.executable} ({err})")
    sys.exit(0)

try:
    from safetensors.torch import load_file as _st_load
    from safetensors.torch import save_file as _st_save

    SAFETENSORS = "safetensors " + __import__("safetensors").__version__
except ImportError:
    _st_load = _st_save = None
    SAFETENSORS = "built-in F32 reader/writer"


def save_tensors(tensors, path):
    """{name: tensor} -> safetensors file (float32, contiguous)."""
    tensors = {k: v.detach().to(torch.float32).contiguous() for k, v in tensors.items()}
    if _st_save is not None:
        _st_save(tensors, path)
        return
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)  # the buffer starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def load_tensors(path):
    """safetensors file -> {name: float32 tensor}."""
    if _st_load is not None:
        return _st_load(path)
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8 : 8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor '{name}' is {info['dtype']}; this fallback reads F32 only")
        begin, end = info["data_offsets"]
        data = bytearray(buf[8 + n + begin : 8 + n + end])
        out[name] = torch.frombuffer(data, dtype=torch.float32).reshape(info["shape"]).clone()
    return out


def activation_module(name, alpha=None):
    """torch's module for a chainrule activation name (chainrule's gelu is the exact erf form)."""
    if name == "identity":
        return torch.nn.Identity()
    if name == "relu":
        return torch.nn.ReLU()
    if name == "sigmoid":
        return torch.nn.Sigmoid()
    if name == "tanh":
        return torch.nn.Tanh()
    if name == "gelu":
        return torch.nn.GELU()
    if name == "softplus":
        return torch.nn.Softplus()
    if name == "leakyRelu":
        return torch.nn.LeakyReLU(0.01 if alpha is None else alpha)
    if name == "elu":
        return torch.nn.ELU(1.0 if alpha is None else alpha)
    if name == "softmax":
        return torch.nn.Softmax(dim=-1)
    raise ValueError(f"unknown activation {name!r}")


def build(layers):
    """nn.Sequential for a chainrule model description, plus {chainrule name: torch name}.

    Description layers map one to one onto modules, so with separate activation layers the
    names are identical; a dense layer with a fused activation becomes Linear + activation
    module, which shifts later indices (the returned map says where each parameter went).
    """
    modules, names = [], {}
    for i, layer in enumerate(layers):
        if layer["type"] == "dense":
            j = len(modules)
            modules.append(torch.nn.Linear(layer["inFeatures"], layer["outFeatures"], bias=layer["bias"]))
            names[f"{i}.weight"] = f"{j}.weight"
            if layer["bias"]:
                names[f"{i}.bias"] = f"{j}.bias"
            if layer["activation"] != "identity":
                modules.append(activation_module(layer["activation"], layer.get("alpha")))
        elif layer["type"] == "activation":
            modules.append(activation_module(layer["activation"], layer.get("alpha")))
        elif layer["type"] == "dropout":
            modules.append(torch.nn.Dropout(layer["p"]))
        else:
            raise ValueError(f"unknown layer type {layer['type']!r}")
    return torch.nn.Sequential(*modules), names


def probe():
    print(f"ok torch {torch.__version__}, {SAFETENSORS}")
