#!/usr/bin/env python3
"""The PyTorch side of bench/interop/trajectories.ts.

  torch_trajectories.py DIR

Reads DIR/config.json (model description, cases), DIR/init.safetensors (chainrule's initial
weights, nn.Sequential names) and DIR/batches.safetensors (x, labels, targets per step). For
each case it trains the same MLP from the same weights on the same batches with torch.optim,
in float32 and again in float64 (the rounding-free reference), and writes
DIR/torch-<i>.safetensors: "f32/<step>/<chainrule name>", "f64/<step>/<name>" (weights after
each step, steps from 1) and "f32/loss", "f64/loss" (the loss at each step, before its update).
"""
import json
import os
import sys

import torch_common
from torch_common import build, load_tensors, save_tensors, torch

F = torch.nn.functional


def make_optimizer(case, params):
    o = case["options"]
    if case["optimizer"] == "sgd":
        return torch.optim.SGD(
            params,
            lr=o["lr"],
            momentum=o.get("momentum", 0),
            dampening=o.get("dampening", 0),
            nesterov=o.get("nesterov", False),
            weight_decay=o.get("weightDecay", 0),
        )
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[case["optimizer"]]
    kwargs = {"lr": o["lr"], "amsgrad": o.get("amsgrad", False)}
    for key, torch_key in (("betas", "betas"), ("eps", "eps"), ("weightDecay", "weight_decay")):
        if key in o:
            kwargs[torch_key] = tuple(o[key]) if key == "betas" else o[key]
    # foreach=False: the plain per-parameter loop, the reference form of the update
    return cls(params, foreach=False, **kwargs)


def train(config, init, batches, case, dtype):
    model, names = build(config["description"]["layers"])
    model = model.to(dtype)
    state = {names[k]: v.to(dtype) for k, v in init.items()}
    model.load_state_dict(state, strict=True)
    torch_params = dict(model.named_parameters())
    order = list(init.keys())
    opt = make_optimizer(case, [torch_params[names[k]] for k in order])
    out, losses = {}, []
    for t in range(config["steps"]):
        x = batches["x"][t].to(dtype)
        opt.zero_grad()
        y = model(x)
        if case["loss"] == "mse":
            loss = F.mse_loss(y, batches["targets"][t].to(dtype))
        else:
            loss = F.cross_entropy(y, batches["labels"][t].long())
        loss.backward()
        opt.step()
        losses.append(loss.item())
        for k in order:
            out[f"{t + 1}/{k}"] = torch_params[names[k]].detach().clone()
    return out, torch.tensor(losses, dtype=torch.float64)


def main(directory):
    torch.set_num_threads(1)
    with open(os.path.join(directory, "config.json")) as f:
        config = json.load(f)
    init = load_tensors(os.path.join(directory, "init.safetensors"))
    batches = load_tensors(os.path.join(directory, "batches.safetensors"))
    for i, case in enumerate(config["cases"]):
        result = {}
        for tag, dtype in (("f32", torch.float32), ("f64", torch.float64)):
            weights, losses = train(config, init, batches, case, dtype)
            # float64 values are stored as float32 for transport; the rounding (≤ 6e-8 relative)
            # is far below the 1e-5 being checked
            result.update({f"{tag}/{k}": v for k, v in weights.items()})
            result[f"{tag}/loss"] = losses
        save_tensors(result, os.path.join(directory, f"torch-{i}.safetensors"))
    print(f"torch {torch.__version__} ({torch_common.SAFETENSORS}): {len(config['cases'])} cases")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} DIR")
    main(sys.argv[1])
