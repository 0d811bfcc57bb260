"""Prints "ok torch <version>, <safetensors reader>" or "skipped: <why>" (exit 0 either way)."""
import torch_common

torch_common.probe()
