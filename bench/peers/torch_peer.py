"""NumPy and PyTorch peers for chainrule's bench (bench/run.ts runs this script).

Reads a JSON job from argv[1]: {"threads": t, "sizes": [...], "mlpShapes": [[m,n,k],...],
"cases": ["gemm", "mlp", "xor", "dense"], "minTimeMs": ms, "repeats": r}
and prints one JSON object: versions, BLAS configuration and timings (median seconds).
Thread counts are fixed through the environment by the caller (OMP/OPENBLAS/MKL) and
torch.set_num_threads.
"""
import io
import json
import sys
import time
from contextlib import redirect_stdout


def median_time(fn, min_time_s, repeats):
    """Best median over PASSES passes (other processes on a shared host only slow a pass)."""
    return min(one_pass(fn, min_time_s, repeats) for _ in range(PASSES))


PASSES = 1


def one_pass(fn, min_time_s, repeats):
    fn()  # warm-up, excluded
    fn()
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-7)
    inner = max(1, int(min_time_s / once))
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - t0) / inner)
    samples.sort()
    return samples[len(samples) // 2]


def sgd_step(model, opt, loss_fn, x, y):
    """One training step as a user writes it: zero_grad, forward, loss, backward, step."""

    def step():
        opt.zero_grad(set_to_none=False)
        loss_fn(model(x), y).backward()
        opt.step()

    return step


def main():
    global PASSES
    job = json.loads(sys.argv[1])
    PASSES = max(1, int(job.get("passes", 1)))
    threads = job["threads"]
    min_time = job.get("minTimeMs", 200) / 1000
    repeats = job.get("repeats", 5)
    out = {"threads": threads, "results": [], "skipped": []}
    try:
        import numpy as np
    except Exception as err:  # noqa: BLE001
        out["skipped"].append(f"numpy: {err}")
        np = None
    try:
        import torch
    except Exception as err:  # noqa: BLE001
        out["skipped"].append(f"torch: {err}")
        torch = None

    if np is not None:
        out["numpy"] = np.__version__
        buf = io.StringIO()
        with redirect_stdout(buf):
            try:
                cfg = np.show_config(mode="dicts")
            except TypeError:
                cfg = None
                np.show_config()
        if isinstance(cfg, dict):
            blas = cfg.get("Build Dependencies", {}).get("blas", {})
            out["numpyBlas"] = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
        else:
            out["numpyBlas"] = buf.getvalue().strip().splitlines()[:6]
    if torch is not None:
        torch.set_num_threads(threads)
        out["torch"] = torch.__version__
        show = torch.__config__.show()
        lines = []
        for line in show.splitlines():
            if "Build settings" in line:
                lines += [part.strip() for part in line.split(",") if "BLAS_INFO" in part]
            elif any(w in line for w in ("MKL", "oneDNN", "OpenMP", "CPU capability")):
                lines.append(line.strip(" -"))
        out["torchConfig"] = lines

    cases = job.get("cases", [])
    if "gemm" in cases:
        shapes = [[s, s, s] for s in job.get("sizes", [])] + job.get("mlpShapes", [])
        for m, n, k in shapes:
            flops = 2.0 * m * n * k
            if np is not None:
                a = np.random.rand(m, k).astype(np.float32)
                b = np.random.rand(k, n).astype(np.float32)
                c = np.empty((m, n), dtype=np.float32)
                t = median_time(lambda: np.matmul(a, b, out=c), min_time, repeats)
                out["results"].append({"case": "gemm", "peer": "numpy", "m": m, "n": n, "k": k, "seconds": t,
                                       "gflops": flops / t / 1e9})
            if torch is not None:
                a = torch.rand(m, k)
                b = torch.rand(k, n)
                c = torch.empty(m, n)
                with torch.no_grad():
                    t = median_time(lambda: torch.mm(a, b, out=c), min_time, repeats)
                out["results"].append({"case": "gemm", "peer": "torch", "m": m, "n": n, "k": k, "seconds": t,
                                       "gflops": flops / t / 1e9})

    if torch is not None and "mlp" in cases:
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                    torch.nn.ReLU(), torch.nn.Linear(256, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.randn(128, 784)
        y = torch.randint(0, 10, (128,))
        loss_fn = torch.nn.CrossEntropyLoss()

        t = median_time(sgd_step(model, opt, loss_fn, x, y), min_time, repeats)
        out["results"].append({"case": "mlp", "peer": "torch", "seconds": t})

    if torch is not None and "xor" in cases:
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1), torch.nn.Sigmoid())
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        y = torch.tensor([[0.0], [1.0], [1.0], [0.0]])
        loss_fn = torch.nn.MSELoss()

        t = median_time(sgd_step(model, opt, loss_fn, x, y), min_time, repeats)
        out["results"].append({"case": "xor", "peer": "torch", "seconds": t})

    if torch is not None and "dense" in cases:
        for m, n, k in job.get("denseShapes", []):
            x = torch.randn(m, k, requires_grad=True)
            layer = torch.nn.Linear(k, n)

            def fb():
                layer.zero_grad(set_to_none=False)
                x.grad = None
                y = torch.relu(layer(x))
                y.backward(torch.ones_like(y))

            t = median_time(fb, min_time, repeats)
            out["results"].append({"case": "dense", "peer": "torch", "m": m, "n": n, "k": k, "seconds": t})

    print(json.dumps(out))


if __name__ == "__main__":
    main()
