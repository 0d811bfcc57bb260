# The NumPy peer of gemm_bench.cc with the same shapes and method (best over passes of the
# median of 15 samples of ≥ 2 ms). Usage: OPENBLAS_NUM_THREADS=t python numpy_gemm.py [passes]
import sys, time
import numpy as np

passes = int(sys.argv[1]) if len(sys.argv) > 1 else 3
shapes = [(d, d, d, 0, 0, f"{d}^3") for d in (32, 64, 128, 256, 512, 1024, 2048)] + [
    (128, 256, 784, 0, 1, "fwd 128x256x784 xWt"), (128, 256, 256, 0, 1, "fwd 128x256x256 xWt"),
    (128, 10, 256, 0, 1, "fwd 128x10x256 xWt"), (256, 784, 128, 1, 0, "dW 256x784x128 dZtX"),
    (256, 256, 128, 1, 0, "dW 256x256x128 dZtX"), (10, 256, 128, 1, 0, "dW 10x256x128 dZtX"),
    (128, 784, 256, 0, 0, "dX 128x784x256 dZW"), (128, 256, 256, 0, 0, "dX 128x256x256 dZW"),
    (128, 256, 10, 0, 0, "dX 128x256x10 dZW")]
rng = np.random.default_rng(0)
for m, n, k, ta, tb, name in shapes:
    a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    A = a.T if ta else a
    B = b.T if tb else b
    c = np.empty((m, n), np.float32)
    once = lambda: np.matmul(A, B, out=c)
    once()
    inner = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(inner): once()
        if time.perf_counter() - t0 > 2e-3: break
        inner *= 2
    best = 0
    for _ in range(passes):
        rates = []
        for _ in range(15):
            t0 = time.perf_counter()
            for _ in range(inner): once()
            rates.append(2.0 * m * n * k * inner / (time.perf_counter() - t0) / 1e9)
        rates.sort()
        best = max(best, rates[len(rates) // 2])
    print(f"{name:24s} {best:7.1f} GFLOP/s")
