#!/usr/bin/env python3
"""The PyTorch side of bench/interop/exchange.ts.

  export DIR  torch -> chainrule: a seeded nn.Sequential MLP; DIR/model.safetensors is its
              state_dict as is, DIR/model.json a hand-written chainrule description of the
              same layers, DIR/batch.safetensors a fixed batch with torch's output, loss
              (cross entropy) and the gradients of the loss w.r.t. the input and every
              parameter: x, labels, output, loss, grad.x, grad.<state_dict name>.
  check DIR   chainrule -> torch: builds the nn.Sequential that DIR/model.json describes,
              loads DIR/model.safetensors into it (strict; keys renamed only where chainrule
              fused an activation into its dense layer), runs DIR/batch.safetensors (written by
              chainrule, same names as above) and prints JSON {quantity: max |torch - chainrule|}
              plus "renamed": the keys that needed a new name.
"""
import json
import os
import sys

import torch_common
from torch_common import build, load_tensors, save_tensors, torch

F = torch.nn.functional

# The torch model of the export direction: activations as modules, as people write them.
EXPORT_LAYERS = [
    {"type": "dense", "inFeatures": 6, "outFeatures": 16, "bias": True, "activation": "identity"},
    {"type": "activation", "activation": "tanh"},
    {"type": "dense", "inFeatures": 16, "outFeatures": 12, "bias": True, "activation": "identity"},
    {"type": "activation", "activation": "gelu"},
    {"type": "dense", "inFeatures": 12, "outFeatures": 8, "bias": True, "activation": "identity"},
    {"type": "activation", "activation": "sigmoid"},
    {"type": "dense", "inFeatures": 8, "outFeatures": 3, "bias": True, "activation": "identity"},
]


def forward_backward(model, x, labels):
    """{x, labels, output, loss, grad.x, grad.<name>} for cross entropy on (x, labels)."""
    model.zero_grad()
    x = x.clone().requires_grad_(True)
    out = model(x)
    loss = F.cross_entropy(out, labels.long())
    loss.backward()
    result = {"x": x.detach(), "labels": labels, "output": out.detach(), "loss": loss.detach().reshape(1),
              "grad.x": x.grad}
    for name, p in model.named_parameters():
        result[f"grad.{name}"] = p.grad
    return result


def export(directory):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(6, 16), torch.nn.Tanh(),
        torch.nn.Linear(16, 12), torch.nn.GELU(),
        torch.nn.Linear(12, 8), torch.nn.Sigmoid(),
        torch.nn.Linear(8, 3),
    )
    x = torch.randn(9, 6)
    labels = torch.randint(0, 3, (9,)).to(torch.float32)
    batch = forward_backward(model, x, labels)
    save_tensors(dict(model.state_dict()), os.path.join(directory, "model.safetensors"))
    with open(os.path.join(directory, "model.json"), "w") as f:
        json.dump({"format": "chainrule", "formatVersion": 1, "kind": "sequential", "layers": EXPORT_LAYERS}, f)
    save_tensors(batch, os.path.join(directory, "batch.safetensors"))
    print(f"torch {torch.__version__} ({torch_common.SAFETENSORS})")


def check(directory):
    with open(os.path.join(directory, "model.json")) as f:
        description = json.load(f)
    model, names = build(description["layers"])
    weights = load_tensors(os.path.join(directory, "model.safetensors"))
    model.load_state_dict({names[k]: v for k, v in weights.items()}, strict=True)
    model.eval()
    theirs = load_tensors(os.path.join(directory, "batch.safetensors"))
    ours = forward_backward(model, theirs["x"], theirs["labels"])
    torch_to_chainrule = {v: k for k, v in names.items()}
    diffs = {}
    for key, value in ours.items():
        if key in ("x", "labels"):
            continue
        theirs_key = key
        if key.startswith("grad.") and key != "grad.x":
            theirs_key = "grad." + torch_to_chainrule[key[len("grad."):]]
        other = theirs[theirs_key]
        # a shape mismatch is a failure (None -> Infinity on the TS side), never a broadcast
        diffs[theirs_key] = (value - other).abs().max().item() if value.shape == other.shape else None
    renamed = {k: v for k, v in names.items() if k != v}
    print(json.dumps({"diffs": diffs, "renamed": renamed}))


if __name__ == "__main__":
    torch.set_num_threads(1)
    if len(sys.argv) != 3 or sys.argv[1] not in ("export", "check"):
        sys.exit(f"usage: {sys.argv[0]} export DIR | check DIR")
    (export if sys.argv[1] == "export" else check)(sys.argv[2])
