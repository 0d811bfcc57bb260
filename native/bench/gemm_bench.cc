// Focused sgemm timing, outside the ctest run: `cmake --build build-ctest --target gemm_bench`
// then `build-ctest/gemm_bench [threads] [passes] [shape...]` where a shape is m,n,k[,tA,tB]
// (default: squares 32…2048 and the MLP 784-256-256-10 batch-128 GEMMs). Prints, per shape,
// the best over passes of the median GFLOP/s of repeats sized to ~40 ms (warm-up excluded).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernels.h"

using chainrule::kernels::sgemm;

namespace {

struct Shape {
  int64_t m, n, k;
  bool transA, transB;
  std::string name;
};

double seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double measure(const Shape& s, int passes) {
  std::vector<float> a(s.m * s.k), b(s.k * s.n), c(s.m * s.n);
  for (size_t i = 0; i < a.size(); i++) a[i] = static_cast<float>((i * 7919) % 1000) / 1000.0f - 0.5f;
  for (size_t i = 0; i < b.size(); i++) b[i] = static_cast<float>((i * 104729) % 1000) / 1000.0f - 0.5f;
  auto once = [&] { sgemm(s.transA, s.transB, s.m, s.n, s.k, 1.0f, a.data(), b.data(), 0.0f, c.data()); };
  const double flop = 2.0 * s.m * s.n * s.k;
  // Calibrate: inner repeats so one sample lasts ≥ 2 ms.
  once();
  int inner = 1;
  for (;;) {
    const double t0 = seconds();
    for (int i = 0; i < inner; i++) once();
    if (seconds() - t0 > 2e-3) break;
    inner *= 2;
  }
  double best = 0;
  for (int pass = 0; pass < passes; pass++) {
    std::vector<double> rates;
    for (int r = 0; r < 15; r++) {
      const double t0 = seconds();
      for (int i = 0; i < inner; i++) once();
      rates.push_back(flop * inner / (seconds() - t0) / 1e9);
    }
    std::nth_element(rates.begin(), rates.begin() + rates.size() / 2, rates.end());
    best = std::max(best, rates[rates.size() / 2]);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  const int passes = argc > 2 ? std::atoi(argv[2]) : 3;
  chainrule::kernels::setNumThreads(threads);
  std::vector<Shape> shapes;
  for (int i = 3; i < argc; i++) {
    Shape s{};
    int ta = 0, tb = 0;
    long long m, n, k;
    const int got = std::sscanf(argv[i], "%lld,%lld,%lld,%d,%d", &m, &n, &k, &ta, &tb);
    if (got < 3) continue;
    s.m = m;
    s.n = n;
    s.k = k;
    s.transA = ta != 0;
    s.transB = tb != 0;
    s.name = argv[i];
    shapes.push_back(s);
  }
  if (shapes.empty()) {
    for (int64_t d : {32, 64, 128, 256, 512, 1024, 2048})
      shapes.push_back({d, d, d, false, false, std::to_string(d) + "^3"});
    shapes.push_back({128, 256, 784, false, true, "fwd 128x256x784 xWt"});
    shapes.push_back({128, 256, 256, false, true, "fwd 128x256x256 xWt"});
    shapes.push_back({128, 10, 256, false, true, "fwd 128x10x256 xWt"});
    shapes.push_back({256, 784, 128, true, false, "dW 256x784x128 dZtX"});
    shapes.push_back({256, 256, 128, true, false, "dW 256x256x128 dZtX"});
    shapes.push_back({10, 256, 128, true, false, "dW 10x256x128 dZtX"});
    shapes.push_back({128, 784, 256, false, false, "dX 128x784x256 dZW"});
    shapes.push_back({128, 256, 256, false, false, "dX 128x256x256 dZW"});
    shapes.push_back({128, 256, 10, false, false, "dX 128x256x10 dZW"});
  }
  std::printf("isa %s, threads %d\n", chainrule::kernels::isaName(chainrule::kernels::activeIsa()),
              chainrule::kernels::numThreads());
  for (const Shape& s : shapes) std::printf("%-24s %7.1f GFLOP/s\n", s.name.c_str(), measure(s, passes));
  return 0;
}
