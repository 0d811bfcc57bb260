#!/usr/bin/env python3
"""PyTorch <-> chainrule exchange through safetensors; bench/interop/exchange.ts drives it.

  probe       prints "ok", or "skipped: <why>" when torch / safetensors are missing.
  export DIR  a seeded torch MLP -> DIR/model.safetensors (the state_dict as is), DIR/model.json
              (its chainrule description) and DIR/batch.json (input, torch output, and the
              gradients of sum(output^2) for every parameter).
  check DIR   loads DIR (written by chainrule) into an nn.Sequential, runs DIR/batch.json's
              input and prints {"maxAbsDiff": ...} against the chainrule output stored there.
"""
import json
import sys

try:
    import torch
    from safetensors.torch import load_file, save_file
except ImportError as err:
    print(f"skipped: {err}")
    sys.exit(0)

ACTIVATIONS = {
    "identity": torch.nn.Identity,
    "relu": torch.nn.ReLU,
    "sigmoid": torch.nn.Sigmoid,
    "tanh": torch.nn.Tanh,
    "gelu": torch.nn.GELU,  # exact erf form, as chainrule
    "softplus": torch.nn.Softplus,
}


def build(layers):
    """nn.Sequential with one module per description layer, so state_dict names line up."""
    modules = []
    for layer in layers:
        if layer["type"] == "dense":
            if layer["activation"] != "identity":
                raise ValueError("fused dense activations shift nn.Sequential indices; use activation layers")
            modules.append(torch.nn.Linear(layer["inFeatures"], layer["outFeatures"], bias=layer["bias"]))
        elif layer["type"] == "activation":
            modules.append(ACTIVATIONS[layer["activation"]]())
        else:
            modules.append(torch.nn.Dropout(layer["p"]))
    return torch.nn.Sequential(*modules)


def dense(i, o):
    return {"type": "dense", "inFeatures": i, "outFeatures": o, "bias": True, "activation": "identity"}


def export(directory):
    torch.manual_seed(0)
    layers = [dense(5, 16), {"type": "activation", "activation": "tanh"}, dense(16, 8),
              {"type": "activation", "activation": "gelu"}, dense(8, 3)]
    model = build(layers)
    x = torch.randn(7, 5)
    out = model(x)
    (out**2).sum().backward()
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, f"{directory}/model.safetensors")
    with open(f"{directory}/model.json", "w") as f:
        json.dump({"format": "chainrule", "formatVersion": 1, "kind": "sequential", "layers": layers}, f)
    grads = {name: p.grad.flatten().tolist() for name, p in model.named_parameters()}
    with open(f"{directory}/batch.json", "w") as f:
        json.dump({"batch": 7, "input": x.flatten().tolist(), "output": out.detach().flatten().tolist(),
                   "grads": grads}, f)


def check(directory):
    with open(f"{directory}/model.json") as f:
        description = json.load(f)
    model = build(description["layers"])
    model.load_state_dict(load_file(f"{directory}/model.safetensors"), strict=True)
    model.eval()
    with open(f"{directory}/batch.json") as f:
        batch = json.load(f)
    x = torch.tensor(batch["input"]).reshape(batch["batch"], -1)
    out = model(x).detach().flatten()
    print(json.dumps({"maxAbsDiff": (out - torch.tensor(batch["output"])).abs().max().item()}))


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "probe"
    if mode == "probe":
        print("ok")
    elif mode == "export":
        export(sys.argv[2])
    elif mode == "check":
        check(sys.argv[2])
    else:
        sys.exit(f"usage: {sys.argv[0]} probe | export DIR | check DIR")
