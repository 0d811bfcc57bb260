"""PyTorch peer for bench/train-step.ts: one SGD step and one Adam step of the MLP
784-256-256-10 (ReLU, CrossEntropyLoss) at batch 128, as a user writes them:
zero_grad, forward, loss, backward, step. Reads {"threads", "minTimeMs", "repeats", "passes"}
from argv[1]; prints {"torch": version, "threads": t, "sgd": s, "adam": s} (median seconds).
"""
import json
import sys

from torch_peer import one_pass  # the same timing loop as the kernels bench (same folder)


def main():
    job = json.loads(sys.argv[1])
    import torch

    threads = int(job["threads"])
    torch.set_num_threads(threads)
    min_time = job.get("minTimeMs", 200) / 1000
    repeats = job.get("repeats", 5)
    passes = max(1, int(job.get("passes", 1)))
    out = {"torch": torch.__version__, "threads": threads}
    for name in ("sgd", "adam"):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                    torch.nn.ReLU(), torch.nn.Linear(256, 10))
        if name == "sgd":
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
        else:
            opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.randn(128, 784)
        y = torch.randint(0, 10, (128,))
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()

        out[name] = min(one_pass(step, min_time, repeats) for _ in range(passes))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
