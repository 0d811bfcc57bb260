"""PyTorch peer for bench/fashion-mnist.ts: the same MLP 784-256-256-10 (ReLU), Adam lr 1e-3,
batch 128, shuffled each epoch, on the same IDX files. Prints one JSON line per epoch and a final
JSON line with the test accuracy. Usage: torch_fashion.py <idx-dir> <epochs> <threads>"""
import gzip
import json
import os
import sys
import time

try:
    import numpy as np
    import torch
except ImportError as err:  # the bench prints "skipped: …"
    print(json.dumps({"skipped": f"{err}"}))
    sys.exit(0)


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(directory, name)):
            return os.path.join(directory, name)
    raise FileNotFoundError(f"{stem}[.gz] in {directory}")


def main():
    directory, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    load = lambda split: (
        torch.from_numpy(read_idx(find(directory, f"{split}-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0),
        torch.from_numpy(read_idx(find(directory, f"{split}-labels-idx1-ubyte")).astype(np.int64)),
    )
    x, y = load("train")
    xt, yt = load("t10k")
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    for epoch in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(n)
        total = 0.0
        for i in range(0, n, 128):
            idx = order[i : i + 128]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * idx.shape[0]
        seconds = time.perf_counter() - start
        print(json.dumps({"epoch": epoch + 1, "seconds": seconds, "loss": total / n}), flush=True)
    with torch.no_grad():
        acc = (model(xt).argmax(1) == yt).float().mean().item()
    print(json.dumps({"testAccuracy": acc, "torch": torch.__version__, "threads": torch.get_num_threads()}))


main()
