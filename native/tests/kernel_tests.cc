// Kernel tests without Node: every kernel against a float64 reference, for one ISA
// (argv[1]: generic|avx2|avx512; an ISA the CPU lacks is reported and passes as skipped).
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kernels.h"

namespace k = chainrule::kernels;

static int failures = 0;
static int checks = 0;

static void expectClose(const std::vector<float>& got, const std::vector<double>& want,
                        double tol, const std::string& what) {
  checks++;
  if (got.size() != want.size()) {
    std::printf("FAIL %s: size %zu vs %zu\n", what.c_str(), got.size(), want.size());
    failures++;
    return;
  }
  for (size_t i = 0; i < got.size(); i++) {
    const double err = std::fabs(got[i] - want[i]);
    if (!(err <= tol * (1.0 + std::fabs(want[i])))) {
      std::printf("FAIL %s: [%zu] got %.8g want %.8g\n", what.c_str(), i, got[i], want[i]);
      failures++;
      return;
    }
  }
}

static std::vector<float> randomVector(std::mt19937& rng, int64_t count) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(count));
  for (auto& x : v) x = dist(rng);
  return v;
}

static void testGemm(std::mt19937& rng) {
  const int64_t sizes[][3] = {{1, 1, 1}, {0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 17, 1}, {17, 1, 33},
                              {7, 13, 5}, {31, 33, 65}, {64, 64, 64}, {127, 129, 257}, {6, 16, 300}};
  const float alphas[] = {1.0f, -0.5f};
  const float betas[] = {0.0f, 1.0f, 0.25f};
  for (const auto& s : sizes) {
    const int64_t m = s[0], n = s[1], kk = s[2];
    for (int ta = 0; ta < 2; ta++) for (int tb = 0; tb < 2; tb++) for (float alpha : alphas) for (float beta : betas) {
      const auto a = randomVector(rng, m * kk), b = randomVector(rng, kk * n);
      auto c = randomVector(rng, m * n);
      std::vector<double> want(static_cast<size_t>(m * n));
      for (int64_t i = 0; i < m; i++) for (int64_t j = 0; j < n; j++) {
        double sum = 0;
        for (int64_t p = 0; p < kk; p++) {
          const double av = ta ? a[p * m + i] : a[i * kk + p];
          const double bv = tb ? b[j * kk + p] : b[p * n + j];
          sum += av * bv;
        }
        want[i * n + j] = alpha * sum + (beta == 0.0f ? 0.0 : beta * c[i * n + j]);
      }
      if (beta == 0.0f) std::fill(c.begin(), c.end(), NAN);  // beta = 0 must ignore C
      k::sgemm(ta, tb, m, n, kk, alpha, a.data(), b.data(), beta, c.data());
      char name[128];
      std::snprintf(name, sizeof name, "sgemm %s%s m=%ld n=%ld k=%ld alpha=%g beta=%g", ta ? "T" : "N",
                    tb ? "T" : "N", long(m), long(n), long(kk), alpha, beta);
      expectClose(c, want, 1e-4 * std::sqrt(double(kk) + 1), name);
    }
  }
}

static double refForward(k::Activation act, double alpha, double x) {
  switch (act) {
    case k::Activation::identity: return x;
    case k::Activation::relu: return x > 0 ? x : 0;
    case k::Activation::sigmoid: return 1 / (1 + std::exp(-x));
    case k::Activation::tanh: return std::tanh(x);
    case k::Activation::leakyRelu: return x > 0 ? x : alpha * x;
    case k::Activation::elu: return x > 0 ? x : alpha * (std::exp(x) - 1);
    case k::Activation::gelu: return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
    case k::Activation::softplus: return std::log1p(std::exp(x));
  }
  return 0;
}

static void testActivations(std::mt19937& rng) {
  const int64_t count = 1037;
  for (int32_t code = 0; code < k::kActivationCount; code++) {
    const auto act = static_cast<k::Activation>(code);
    const float alpha = 0.1f;
    auto x = randomVector(rng, count);
    for (auto& v : x) v *= 4.0f;
    x[0] = 0.5f;  // away from kinks for the finite-difference check
    std::vector<float> y(count), dy = randomVector(rng, count), dx(count);
    k::activationForward(act, alpha, x.data(), y.data(), count);
    std::vector<double> want(count), wantDx(count);
    for (int64_t i = 0; i < count; i++) {
      want[i] = refForward(act, alpha, x[i]);
      const double h = 1e-4;
      const double slope = (refForward(act, alpha, x[i] + h) - refForward(act, alpha, x[i] - h)) / (2 * h);
      const bool nearKink = std::fabs(x[i]) < 2e-4 && code != 2 && code != 3 && code != 6 && code != 7;
      wantDx[i] = nearKink ? 0 : dy[i] * slope;
    }
    expectClose(y, want, 2e-6, "activationForward " + std::to_string(code));
    k::activationBackward(act, alpha, x.data(), y.data(), dy.data(), dx.data(), count);
    for (int64_t i = 0; i < count; i++) if (std::fabs(x[i]) < 2e-4) dx[i] = float(wantDx[i]);
    expectClose(dx, wantDx, 1e-3, "activationBackward " + std::to_string(code));
  }
  // σ stays finite for |x| ≥ 1000.
  float big[4] = {1000.0f, -1000.0f, 1e30f, -1e30f}, out[4];
  k::activationForward(k::Activation::sigmoid, 0, big, out, 4);
  expectClose(std::vector<float>(out, out + 4), {1, 0, 1, 0}, 0, "sigmoid saturation");
}

static void testDenseShape(std::mt19937& rng, int64_t m, int64_t n, int64_t kk) {
  const std::string shapeTag = " " + std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(kk);
  for (int32_t code = 0; code < k::kActivationCount; code++) {
    const auto act = static_cast<k::Activation>(code);
    const auto x = randomVector(rng, m * kk), w = randomVector(rng, n * kk), b = randomVector(rng, n);
    const auto dy = randomVector(rng, m * n);
    std::vector<float> out(m * n), pre(m * n), dZ(m * n), dX(m * kk), dW(n * kk), db(n);
    k::denseForward(m, n, kk, x.data(), w.data(), b.data(), act, 0.1f, out.data(), pre.data());
    std::vector<double> wantPre(m * n), wantOut(m * n);
    for (int64_t i = 0; i < m; i++) for (int64_t j = 0; j < n; j++) {
      double s = b[j];
      for (int64_t p = 0; p < kk; p++) s += double(x[i * kk + p]) * w[j * kk + p];
      wantPre[i * n + j] = s;
      wantOut[i * n + j] = refForward(act, 0.1, float(s));
    }
    expectClose(pre, wantPre, 1e-4, "denseForward pre " + std::to_string(code) + shapeTag);
    expectClose(out, wantOut, 1e-4, "denseForward out " + std::to_string(code) + shapeTag);
    k::denseBackward(m, n, kk, x.data(), w.data(), pre.data(), out.data(), dy.data(), act, 0.1f,
                     dZ.data(), dX.data(), dW.data(), db.data(), false);
    std::vector<float> wantDz(m * n);
    k::activationBackward(act, 0.1f, pre.data(), out.data(), dy.data(), wantDz.data(), m * n);
    std::vector<double> wantDX(m * kk, 0), wantDW(n * kk, 0), wantDb(n, 0);
    for (int64_t i = 0; i < m; i++) for (int64_t j = 0; j < n; j++) {
      const double g = wantDz[i * n + j];
      wantDb[j] += g;
      for (int64_t p = 0; p < kk; p++) {
        wantDX[i * kk + p] += g * w[j * kk + p];
        wantDW[j * kk + p] += g * x[i * kk + p];
      }
    }
    expectClose(dX, wantDX, 1e-4, "denseBackward dX " + std::to_string(code) + shapeTag);
    expectClose(dW, wantDW, 1e-4, "denseBackward dW " + std::to_string(code) + shapeTag);
    expectClose(db, wantDb, 1e-4, "denseBackward db " + std::to_string(code) + shapeTag);
  }
}

// Shapes reach every GEMM path with the fused epilogue: the main loops (9×17×33), the
// narrow n ≤ 16 kernel over two k blocks and three row slivers (29×10×300; its backward
// dW = dZᵀ·X has m = 10, the in-place-B path), and one row sliver (7×40×20).
static void testDense(std::mt19937& rng) {
  const int64_t shapes[][3] = {{9, 17, 33}, {29, 10, 300}, {7, 40, 20}};
  for (const auto& shape : shapes) testDenseShape(rng, shape[0], shape[1], shape[2]);
}

// C = alpha·op(A)·op(B) + beta·C in float64, for the checks below.
static std::vector<double> refGemm(bool ta, bool tb, int64_t m, int64_t n, int64_t kk, float alpha,
                                   const std::vector<float>& a, const std::vector<float>& b, float beta,
                                   const std::vector<float>& c) {
  std::vector<double> want(static_cast<size_t>(m * n));
  for (int64_t i = 0; i < m; i++) for (int64_t j = 0; j < n; j++) {
    double sum = 0;
    for (int64_t p = 0; p < kk; p++) sum += double(ta ? a[p * m + i] : a[i * kk + p]) * (tb ? b[j * kk + p] : b[p * n + j]);
    want[i * n + j] = alpha * sum + (beta == 0.0f ? 0.0 : beta * c[i * n + j]);
  }
  return want;
}

// Every odd size as m, n and k, so every edge-tile path of the packed GEMM runs, and
// sizes past one KC/MC block.
static void testGemmOddSizes(std::mt19937& rng) {
  const int64_t odd[] = {1, 3, 17, 31, 33, 65, 127, 257};
  std::vector<std::array<int64_t, 3>> shapes;
  for (int64_t s : odd) {
    shapes.push_back({s, 33, 65});
    shapes.push_back({65, s, 33});
    shapes.push_back({31, 17, s});
  }
  shapes.push_back({257, 257, 257});
  shapes.push_back({300, 70, 520});
  for (const auto& s : shapes) {
    const int64_t m = s[0], n = s[1], kk = s[2];
    for (int ta = 0; ta < 2; ta++) for (int tb = 0; tb < 2; tb++) {
      const float alpha = (ta + tb) % 2 ? -0.75f : 1.0f, beta = tb ? 0.5f : 0.0f;
      const auto a = randomVector(rng, m * kk), b = randomVector(rng, kk * n);
      auto c = randomVector(rng, m * n);
      const auto want = refGemm(ta, tb, m, n, kk, alpha, a, b, beta, c);
      if (beta == 0.0f) std::fill(c.begin(), c.end(), NAN);
      k::sgemm(ta, tb, m, n, kk, alpha, a.data(), b.data(), beta, c.data());
      char name[128];
      std::snprintf(name, sizeof name, "sgemm odd %s%s m=%ld n=%ld k=%ld", ta ? "T" : "N", tb ? "T" : "N",
                    long(m), long(n), long(kk));
      expectClose(c, want, 2e-5 * std::sqrt(double(kk) + 1), name);
    }
  }
}

// Threads own whole tiles and run the same loops, so any thread count gives the same bits.
static void testGemmThreads(std::mt19937& rng) {
  const int64_t m = 257, n = 301, kk = 203;
  const auto a = randomVector(rng, m * kk), b = randomVector(rng, kk * n);
  for (int ta = 0; ta < 2; ta++) for (int tb = 0; tb < 2; tb++) {
    std::vector<float> c1(m * n), c2(m * n), c3(m * n);
    k::setNumThreads(1);
    k::sgemm(ta, tb, m, n, kk, 1.0f, a.data(), b.data(), 0.0f, c1.data());
    k::setNumThreads(2);
    k::sgemm(ta, tb, m, n, kk, 1.0f, a.data(), b.data(), 0.0f, c2.data());
    k::setNumThreads(3);
    k::sgemm(ta, tb, m, n, kk, 1.0f, a.data(), b.data(), 0.0f, c3.data());
    checks++;
    if (c1 != c2 || c1 != c3) {
      std::printf("FAIL sgemm threads %d%d: 1, 2 and 3 threads differ\n", ta, tb);
      failures++;
    }
  }
  // Concurrent callers (as from several worker_threads) share the pool: each must get its
  // own, correct answer.
  std::vector<std::vector<float>> outs(4, std::vector<float>(m * n));
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; t++) {
    callers.emplace_back([&, t] {
      for (int rep = 0; rep < 20; rep++)
        k::sgemm(false, t % 2 == 1, m, n, kk, float(t + 1), a.data(), b.data(), 0.0f, outs[t].data());
    });
  }
  for (auto& th : callers) th.join();
  std::vector<float> zero(m * n, 0.0f);
  for (int t = 0; t < 4; t++) {
    const auto want = refGemm(false, t % 2 == 1, m, n, kk, float(t + 1), a, b, 0.0f, zero);
    expectClose(outs[t], want, 2e-4, "sgemm concurrent caller " + std::to_string(t));
  }
  k::setNumThreads(0);
  // setIsa / isaReason from several threads at once (worker_threads each call setIsa and
  // info): the reason string was a plain pointer, a data race a ThreadSanitizer build of
  // this binary reports. The ISA stays the one under test.
  const k::Isa isa = k::activeIsa();
  std::vector<std::thread> setters;
  std::vector<int> bad(4, 0);
  for (int t = 0; t < 4; t++) {
    setters.emplace_back([&, t] {
      for (int rep = 0; rep < 200; rep++) {
        if (!k::setIsa(isa) || std::strcmp(k::isaReason(), "setIsa") != 0) bad[t]++;
      }
    });
  }
  for (auto& th : setters) th.join();
  checks++;
  for (int t = 0; t < 4; t++) {
    if (bad[t] != 0) {
      std::printf("FAIL concurrent setIsa: thread %d saw %d wrong answers\n", t, bad[t]);
      failures++;
    }
  }
}

static void testSoftmaxAndOptim(std::mt19937& rng) {
  const int64_t rows = 7, cols = 33;
  auto x = randomVector(rng, rows * cols);
  std::vector<float> y(rows * cols), ls(rows * cols), probs(rows * cols), losses(rows), targets(rows);
  for (int64_t r = 0; r < rows; r++) targets[r] = float((r * 5) % cols);
  k::softmaxForward(rows, cols, x.data(), y.data());
  k::logSoftmaxForward(rows, cols, x.data(), ls.data());
  k::softmaxCrossEntropyForward(rows, cols, x.data(), targets.data(), probs.data(), losses.data());
  std::vector<double> wantY(rows * cols), wantLs(rows * cols), wantLoss(rows);
  for (int64_t r = 0; r < rows; r++) {
    double sum = 0;
    for (int64_t j = 0; j < cols; j++) sum += std::exp(double(x[r * cols + j]));
    for (int64_t j = 0; j < cols; j++) {
      wantY[r * cols + j] = std::exp(double(x[r * cols + j])) / sum;
      wantLs[r * cols + j] = x[r * cols + j] - std::log(sum);
    }
    wantLoss[r] = std::log(sum) - x[r * cols + int64_t(targets[r])];
  }
  expectClose(y, wantY, 1e-6, "softmaxForward");
  expectClose(ls, wantLs, 1e-6, "logSoftmaxForward");
  expectClose(probs, wantY, 1e-6, "softmaxCrossEntropyForward probs");
  expectClose(losses, wantLoss, 1e-6, "softmaxCrossEntropyForward losses");
  // AdamW, one step from zero moments: θ(1 − γλ) − γ·sign(g) (up to ε).
  std::vector<float> param = {1.0f, -2.0f}, grad = {0.5f, -4.0f}, m1(2, 0.0f), v1(2, 0.0f);
  k::adamUpdate(2, param.data(), grad.data(), m1.data(), v1.data(), 0.1f, 0.9f, 0.999f, 1e-8f, 0.01f, true, 1);
  expectClose(param, {1.0 * (1 - 0.001) - 0.1, -2.0 * (1 - 0.001) + 0.1}, 1e-6, "adamUpdate AdamW first step");
  // SGD with momentum, two steps: b1 = g1, b2 = μ·b1 + g2.
  std::vector<float> p2 = {1.0f}, vel = {0.0f}, g1 = {1.0f}, g2 = {2.0f};
  k::sgdUpdate(1, p2.data(), g1.data(), vel.data(), 0.1f, 0.9f, 0.0f, 0.0f, false, true);
  k::sgdUpdate(1, p2.data(), g2.data(), vel.data(), 0.1f, 0.9f, 0.0f, 0.0f, false, false);
  expectClose(p2, {1.0 - 0.1 * 1.0 - 0.1 * (0.9 + 2.0)}, 1e-6, "sgdUpdate momentum");
}

// The optimizer loops are vectorised per ISA (isa_impl.inc): odd lengths exercise every
// vector tail, three steps exercise the moment/velocity state, against a float64 reference
// of the torch.optim update rules (kernels.h).
static void testOptimOddSizes(std::mt19937& rng) {
  const float lr = 0.01f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, wd = 0.05f, mu = 0.9f,
              damp = 0.1f;
  for (const int64_t count : {1, 3, 15, 17, 31, 33, 65, 127, 257}) {
    for (const bool decoupled : {false, true}) {
      auto param = randomVector(rng, count);
      std::vector<float> m(count, 0.0f), v(count, 0.0f);
      std::vector<double> p64(param.begin(), param.end()), m64(count, 0.0), v64(count, 0.0);
      for (int64_t step = 1; step <= 3; step++) {
        const auto grad = randomVector(rng, count);
        k::adamUpdate(count, param.data(), grad.data(), m.data(), v.data(), lr, beta1, beta2, eps,
                      wd, decoupled, step);
        const double bc1 = 1.0 - std::pow(double(beta1), double(step));
        const double bc2 = std::sqrt(1.0 - std::pow(double(beta2), double(step)));
        for (int64_t i = 0; i < count; i++) {
          const double g = grad[i] + (decoupled ? 0.0 : wd * p64[i]);
          if (decoupled) p64[i] *= 1.0 - double(lr) * wd;
          m64[i] = beta1 * m64[i] + (1.0 - beta1) * g;
          v64[i] = beta2 * v64[i] + (1.0 - beta2) * g * g;
          p64[i] -= lr / bc1 * m64[i] / (std::sqrt(v64[i]) / bc2 + eps);
        }
      }
      expectClose(param, p64, 1e-5,
                  std::string("adamUpdate ") + (decoupled ? "AdamW" : "Adam") + " count " + std::to_string(count));
    }
    for (const bool nesterov : {false, true}) {
      auto param = randomVector(rng, count);
      std::vector<float> vel(count, 0.0f);
      std::vector<double> p64(param.begin(), param.end()), b64(count, 0.0);
      for (int64_t step = 1; step <= 3; step++) {
        const auto grad = randomVector(rng, count);
        k::sgdUpdate(count, param.data(), grad.data(), vel.data(), lr, mu, damp, wd, nesterov, step == 1);
        for (int64_t i = 0; i < count; i++) {
          const double g = grad[i] + wd * p64[i];
          b64[i] = step == 1 ? g : mu * b64[i] + (1.0 - damp) * g;
          p64[i] -= lr * (nesterov ? g + mu * b64[i] : b64[i]);
        }
      }
      expectClose(param, p64, 1e-5,
                  std::string("sgdUpdate ") + (nesterov ? "nesterov" : "momentum") + " count " + std::to_string(count));
    }
  }
}

// A target that names no class (the addon checks, but a SharedArrayBuffer can change after
// the check) must give NaN, never an out-of-bounds read or write (ASan in sanitize.sh).
static void testCrossEntropyBadTargets() {
  const int64_t rows = 4, cols = 3;
  std::vector<float> logits(rows * cols, 0.5f), probs(rows * cols), losses(rows);
  const std::vector<float> targets = {1.0f, -1.0f, 3.0f, std::nanf("")};
  // Guard words after the outputs: an out-of-bounds write would change them.
  std::vector<float> dLoss(rows, 1.0f), dLogits(rows * cols + 64, 7.0f);
  k::softmaxCrossEntropyForward(rows, cols, logits.data(), targets.data(), probs.data(), losses.data());
  k::softmaxCrossEntropyBackward(rows, cols, probs.data(), targets.data(), dLoss.data(), dLogits.data());
  checks++;
  const bool lossesOk = std::fabs(losses[0] - std::log(3.0f)) < 1e-6f && std::isnan(losses[1]) &&
                        std::isnan(losses[2]) && std::isnan(losses[3]);
  bool gradsOk = std::fabs(dLogits[1] - (1.0f / 3 - 1)) < 1e-6f;
  for (int64_t j = cols; j < rows * cols; j++) gradsOk = gradsOk && std::isnan(dLogits[j]);
  for (size_t j = rows * cols; j < dLogits.size(); j++) gradsOk = gradsOk && dLogits[j] == 7.0f;
  if (!lossesOk || !gradsOk) {
    std::printf("FAIL softmaxCrossEntropy with targets naming no class\n");
    failures++;
  }
}

// The machine probes run on every ISA and return a positive, finite rate (their speed is
// printed by the bench, never asserted); the cache sizes, when known, are ordered.
static void testProbes() {
  checks++;
  const double peak1 = k::measureFmaPeak(1, 5), peak2 = k::measureFmaPeak(2, 5);
  const double bandwidth = k::measureBandwidth(2, 0.5);
  if (!(peak1 > 0 && std::isfinite(peak1) && peak2 > 0 && std::isfinite(peak2) && bandwidth > 0 &&
        std::isfinite(bandwidth))) {
    std::printf("FAIL probes: fma %g / %g GFLOP/s, triad %g GB/s\n", peak1, peak2, bandwidth);
    failures++;
  }
  checks++;
  const k::CpuDescription& d = k::describeCpu();
  if (d.cacheSource[0] != '\0' && !(d.l1dBytes > 0 && d.l2Bytes >= d.l1dBytes)) {
    std::printf("FAIL describeCpu: l1d %lld, l2 %lld (%s)\n", static_cast<long long>(d.l1dBytes),
                static_cast<long long>(d.l2Bytes), d.cacheSource);
    failures++;
  }
}

int main(int argc, char** argv) {
  const std::string isaArg = argc > 1 ? argv[1] : "generic";
  k::Isa isa = k::Isa::generic;
  if (isaArg == "avx2") isa = k::Isa::avx2;
  else if (isaArg == "avx512") isa = k::Isa::avx512;
  else if (isaArg != "generic") { std::printf("unknown isa %s\n", isaArg.c_str()); return 2; }
  if (!k::setIsa(isa)) {
    std::printf("skipped: this CPU does not support %s\n", isaArg.c_str());
    return 0;
  }
  std::mt19937 rng(42);
  testGemm(rng);
  testActivations(rng);
  testDense(rng);
  testGemmOddSizes(rng);
  testGemmThreads(rng);
  testSoftmaxAndOptim(rng);
  testOptimOddSizes(rng);
  testCrossEntropyBadTargets();
  testProbes();
  std::printf("%s: %d checks, %d failed\n", k::isaName(k::activeIsa()), checks, failures);
  return failures == 0 ? 0 : 1;
}
