// The Node-API binding: checks every argument (args.h), then calls a plain kernel in
// native/kernels/. No kernel code lives here and no kernel includes napi.h.
#include <napi.h>

#include <cmath>
#include <string>

#include "args.h"
#include "kernels/kernels.h"

namespace chainrule::addon {
namespace k = chainrule::kernels;

std::string product(int64_t a, int64_t b) { return std::to_string(a * b); }

Napi::Value Gemm(const Napi::CallbackInfo& info) {
  Args args(info, "gemm", 10);
  const bool transA = args.boolean(0, "transA");
  const bool transB = args.boolean(1, "transB");
  const int64_t m = args.size(2, "m"), n = args.size(3, "n"), k = args.size(4, "k");
  const float alpha = args.number(5, "alpha");
  const FloatView a = args.floats(6, "a", m * k, "m*k");
  const FloatView b = args.floats(7, "b", k * n, "k*n");
  const float beta = args.number(8, "beta");
  const FloatView c = args.floats(9, "c", m * n, "m*n");
  args.noOverlap(c, "c", a, "a", false);
  args.noOverlap(c, "c", b, "b", false);
  k::sgemm(transA, transB, m, n, k, alpha, a.data, b.data, beta, c.data);
  return info.Env().Undefined();
}

Napi::Value ActivationForward(const Napi::CallbackInfo& info) {
  Args args(info, "activationForward", 4);
  const auto act = static_cast<k::Activation>(args.code(0, "activation", k::kActivationCount));
  const float alpha = args.number(1, "alpha");
  const int64_t count = args.floatLength(2, "x");
  const FloatView x = args.floats(2, "x", count, "x.length");
  const FloatView y = args.floats(3, "y", count, "x.length");
  args.noOverlap(y, "y", x, "x", true);
  k::activationForward(act, alpha, x.data, y.data, count);
  return info.Env().Undefined();
}

Napi::Value ActivationBackward(const Napi::CallbackInfo& info) {
  Args args(info, "activationBackward", 6);
  const auto act = static_cast<k::Activation>(args.code(0, "activation", k::kActivationCount));
  const float alpha = args.number(1, "alpha");
  const int64_t count = args.floatLength(4, "dy");
  const FloatView x = args.optionalFloats(2, "x", count, "dy.length");
  const FloatView y = args.optionalFloats(3, "y", count, "dy.length");
  const FloatView dy = args.floats(4, "dy", count, "dy.length");
  const FloatView dx = args.floats(5, "dx", count, "dy.length");
  if (act != k::Activation::identity) {
    if (k::activationNeedsOnlyOutput(act) ? !y.present : !x.present) {
      args.throwType(std::string("expected ") + (k::activationNeedsOnlyOutput(act) ? "y (the output)" : "x (the input)") +
                     " for this activation, got null");
    }
  }
  args.noOverlap(dx, "dx", dy, "dy", true);
  args.noOverlap(dx, "dx", x, "x", false);
  args.noOverlap(dx, "dx", y, "y", false);
  k::activationBackward(act, alpha, x.data, y.data, dy.data, dx.data, count);
  return info.Env().Undefined();
}

Napi::Value DenseForward(const Napi::CallbackInfo& info) {
  Args args(info, "denseForward", 10);
  const int64_t m = args.size(0, "m"), n = args.size(1, "n"), k = args.size(2, "k");
  const FloatView x = args.floats(3, "x", m * k, "m*k");
  const FloatView w = args.floats(4, "w", n * k, "n*k");
  const FloatView b = args.optionalFloats(5, "b", n, "n");
  const auto act = static_cast<k::Activation>(args.code(6, "activation", k::kActivationCount));
  const float alpha = args.number(7, "alpha");
  const FloatView out = args.floats(8, "out", m * n, "m*n");
  const FloatView pre = args.optionalFloats(9, "preActivation", m * n, "m*n");
  for (const FloatView* o : {&out, &pre}) {
    const char* oName = o == &out ? "out" : "preActivation";
    args.noOverlap(*o, oName, x, "x", false);
    args.noOverlap(*o, oName, w, "w", false);
    args.noOverlap(*o, oName, b, "b", false);
  }
  args.noOverlap(out, "out", pre, "preActivation", false);
  k::denseForward(m, n, k, x.data, w.data, b.data, act, alpha, out.data, pre.data);
  return info.Env().Undefined();
}

Napi::Value DenseBackward(const Napi::CallbackInfo& info) {
  Args args(info, "denseBackward", 15);
  const int64_t m = args.size(0, "m"), n = args.size(1, "n"), k = args.size(2, "k");
  const FloatView x = args.floats(3, "x", m * k, "m*k");
  const FloatView w = args.floats(4, "w", n * k, "n*k");
  const FloatView pre = args.optionalFloats(5, "preActivation", m * n, "m*n");
  const FloatView out = args.floats(6, "out", m * n, "m*n");
  const FloatView dy = args.floats(7, "dy", m * n, "m*n");
  const auto act = static_cast<k::Activation>(args.code(8, "activation", k::kActivationCount));
  const float alpha = args.number(9, "alpha");
  const FloatView dZ = args.floats(10, "dZ", m * n, "m*n");
  const FloatView dX = args.optionalFloats(11, "dX", m * k, "m*k");
  const FloatView dW = args.optionalFloats(12, "dW", n * k, "n*k");
  const FloatView db = args.optionalFloats(13, "db", n, "n");
  const bool accumulate = args.boolean(14, "accumulate");
  if (!k::activationNeedsOnlyOutput(act) && !pre.present) {
    args.throwType("expected preActivation for this activation, got null");
  }
  const FloatView* inputs[] = {&x, &w, &pre, &out, &dy};
  const char* inputNames[] = {"x", "w", "preActivation", "out", "dy"};
  const FloatView* outputs[] = {&dZ, &dX, &dW, &db};
  const char* outputNames[] = {"dZ", "dX", "dW", "db"};
  for (int o = 0; o < 4; o++) {
    for (int i = 0; i < 5; i++) args.noOverlap(*outputs[o], outputNames[o], *inputs[i], inputNames[i], false);
    for (int p = o + 1; p < 4; p++) args.noOverlap(*outputs[o], outputNames[o], *outputs[p], outputNames[p], false);
  }
  k::denseBackward(m, n, k, x.data, w.data, pre.data, out.data, dy.data, act, alpha, dZ.data,
                   dX.data, dW.data, db.data, accumulate);
  return info.Env().Undefined();
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Args args(info, "info", 0);
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("isa", k::isaName(k::activeIsa()));
  out.Set("isaReason", k::isaReason());
  Napi::Object cpu = Napi::Object::New(env);
  cpu.Set("avx2", k::cpuSupports(k::Isa::avx2));
  cpu.Set("avx512", k::cpuSupports(k::Isa::avx512));
  const k::CpuDescription& d = k::describeCpu();
  cpu.Set("vendor", d.vendor);
  cpu.Set("brand", d.brand);
  cpu.Set("arch", d.arch);
  cpu.Set("family", d.family);
  cpu.Set("model", d.model);
  Napi::Object caches = Napi::Object::New(env);
  caches.Set("l1d", static_cast<double>(d.l1dBytes));
  caches.Set("l2", static_cast<double>(d.l2Bytes));
  caches.Set("l3", static_cast<double>(d.l3Bytes));
  caches.Set("source", d.cacheSource);
  cpu.Set("caches", caches);
  out.Set("cpu", cpu);
  out.Set("threads", k::numThreads());
  out.Set("napiVersion", NAPI_VERSION);
#if defined(__x86_64__)
  out.Set("arch", "x86_64");
#elif defined(__aarch64__)
  out.Set("arch", "arm64");
#else
  out.Set("arch", "other");
#endif
  return out;
}

Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  Args args(info, "setIsa", 1);
  const Napi::Value v = info[0];
  const std::string name = v.IsString() ? v.As<Napi::String>().Utf8Value() : "";
  k::Isa isa;
  if (name == "generic") isa = k::Isa::generic;
  else if (name == "avx2") isa = k::Isa::avx2;
  else if (name == "avx512") isa = k::Isa::avx512;
  else args.throwType("expected isa to be 'generic', 'avx2' or 'avx512', got " + (v.IsString() ? "'" + name + "'" : describe(v)));
  if (!k::setIsa(isa)) args.throwRange("this CPU does not support " + name);
  return info.Env().Undefined();
}

// --- fused kernels (kernels issue) ---------------------------------------------------------

// rows×cols → rows×cols row-wise ops: (rows, cols, in, out) or (rows, cols, in1, in2, out).
template <void (*Kernel)(int64_t, int64_t, const float*, float*)>
Napi::Value RowwiseForward(const Napi::CallbackInfo& info, const char* op) {
  Args args(info, op, 4);
  const int64_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  args.checkProduct(rows, cols, "rows*cols");
  const FloatView x = args.floats(2, "x", rows * cols, "rows*cols");
  const FloatView y = args.floats(3, "y", rows * cols, "rows*cols");
  args.noOverlap(y, "y", x, "x", true);
  Kernel(rows, cols, x.data, y.data);
  return info.Env().Undefined();
}

template <void (*Kernel)(int64_t, int64_t, const float*, const float*, float*)>
Napi::Value RowwiseBackward(const Napi::CallbackInfo& info, const char* op) {
  Args args(info, op, 5);
  const int64_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  args.checkProduct(rows, cols, "rows*cols");
  const FloatView y = args.floats(2, "y", rows * cols, "rows*cols");
  const FloatView dy = args.floats(3, "dy", rows * cols, "rows*cols");
  const FloatView dx = args.floats(4, "dx", rows * cols, "rows*cols");
  args.noOverlap(dx, "dx", dy, "dy", true);
  args.noOverlap(dx, "dx", y, "y", false);
  Kernel(rows, cols, y.data, dy.data, dx.data);
  return info.Env().Undefined();
}

Napi::Value SoftmaxForward(const Napi::CallbackInfo& info) {
  return RowwiseForward<k::softmaxForward>(info, "softmaxForward");
}
Napi::Value SoftmaxBackward(const Napi::CallbackInfo& info) {
  return RowwiseBackward<k::softmaxBackward>(info, "softmaxBackward");
}
Napi::Value LogSoftmaxForward(const Napi::CallbackInfo& info) {
  return RowwiseForward<k::logSoftmaxForward>(info, "logSoftmaxForward");
}
Napi::Value LogSoftmaxBackward(const Napi::CallbackInfo& info) {
  return RowwiseBackward<k::logSoftmaxBackward>(info, "logSoftmaxBackward");
}

// Every target must be a whole class index in [0, cols): the kernels index with it.
void checkTargets(const Args& args, const FloatView& targets, int64_t cols) {
  for (int64_t r = 0; r < targets.length; r++) {
    const float t = targets.data[r];
    if (!(t >= 0.0f && t < static_cast<float>(cols) && t == std::floor(t))) {
      args.throwRange("expected targets[" + std::to_string(r) + "] to be a class index in [0, " +
                      std::to_string(cols) + "), got " + describeFloat(t));
    }
  }
}

Napi::Value SoftmaxCrossEntropyForward(const Napi::CallbackInfo& info) {
  Args args(info, "softmaxCrossEntropyForward", 6);
  const int64_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  args.checkProduct(rows, cols, "rows*cols");
  if (rows > 0 && cols == 0) args.throwRange("expected cols >= 1 when rows > 0, got cols 0");
  const FloatView logits = args.floats(2, "logits", rows * cols, "rows*cols");
  const FloatView targets = args.floats(3, "targets", rows, "rows");
  const FloatView probs = args.floats(4, "probs", rows * cols, "rows*cols");
  const FloatView losses = args.floats(5, "losses", rows, "rows");
  for (const FloatView* o : {&probs, &losses}) {
    const char* oName = o == &probs ? "probs" : "losses";
    args.noOverlap(*o, oName, logits, "logits", false);
    args.noOverlap(*o, oName, targets, "targets", false);
  }
  args.noOverlap(probs, "probs", losses, "losses", false);
  checkTargets(args, targets, cols);
  k::softmaxCrossEntropyForward(rows, cols, logits.data, targets.data, probs.data, losses.data);
  return info.Env().Undefined();
}

Napi::Value SoftmaxCrossEntropyBackward(const Napi::CallbackInfo& info) {
  Args args(info, "softmaxCrossEntropyBackward", 6);
  const int64_t rows = args.size(0, "rows"), cols = args.size(1, "cols");
  args.checkProduct(rows, cols, "rows*cols");
  if (rows > 0 && cols == 0) args.throwRange("expected cols >= 1 when rows > 0, got cols 0");
  const FloatView probs = args.floats(2, "probs", rows * cols, "rows*cols");
  const FloatView targets = args.floats(3, "targets", rows, "rows");
  const FloatView dLoss = args.floats(4, "dLoss", rows, "rows");
  const FloatView dLogits = args.floats(5, "dLogits", rows * cols, "rows*cols");
  args.noOverlap(dLogits, "dLogits", probs, "probs", true);
  args.noOverlap(dLogits, "dLogits", targets, "targets", false);
  args.noOverlap(dLogits, "dLogits", dLoss, "dLoss", false);
  checkTargets(args, targets, cols);
  k::softmaxCrossEntropyBackward(rows, cols, probs.data, targets.data, dLoss.data, dLogits.data);
  return info.Env().Undefined();
}

Napi::Value SgdUpdate(const Napi::CallbackInfo& info) {
  Args args(info, "sgdUpdate", 9);
  const int64_t count = args.floatLength(0, "param");
  const FloatView param = args.floats(0, "param", count, "param.length");
  const FloatView grad = args.floats(1, "grad", count, "param.length");
  const FloatView velocity = args.optionalFloats(2, "velocity", count, "param.length");
  const float lr = args.finite(3, "lr");
  const float momentum = args.finite(4, "momentum");
  const float dampening = args.finite(5, "dampening");
  const float weightDecay = args.finite(6, "weightDecay");
  const bool nesterov = args.boolean(7, "nesterov");
  const bool firstStep = args.boolean(8, "firstStep");
  if (momentum != 0.0f && !velocity.present) {
    args.throwType("expected velocity to be a Float32Array of length param.length = " +
                   std::to_string(count) + " when momentum != 0, got null");
  }
  args.noOverlap(param, "param", grad, "grad", false);
  args.noOverlap(param, "param", velocity, "velocity", false);
  args.noOverlap(velocity, "velocity", grad, "grad", false);
  k::sgdUpdate(count, param.data, grad.data, velocity.data, lr, momentum, dampening, weightDecay,
               nesterov, firstStep);
  return info.Env().Undefined();
}

Napi::Value AdamUpdate(const Napi::CallbackInfo& info) {
  Args args(info, "adamUpdate", 11);
  const int64_t count = args.floatLength(0, "param");
  const FloatView param = args.floats(0, "param", count, "param.length");
  const FloatView grad = args.floats(1, "grad", count, "param.length");
  const FloatView m = args.floats(2, "m", count, "param.length");
  const FloatView v = args.floats(3, "v", count, "param.length");
  const float lr = args.finite(4, "lr");
  const float beta1 = args.finite(5, "beta1");
  const float beta2 = args.finite(6, "beta2");
  const float eps = args.finite(7, "eps");
  const float weightDecay = args.finite(8, "weightDecay");
  const bool decoupled = args.boolean(9, "decoupled");
  const int64_t step = args.size(10, "step");
  if (step < 1) args.throwRange("expected step to be an integer >= 1, got number 0");
  const FloatView* views[] = {&param, &grad, &m, &v};
  const char* names[] = {"param", "grad", "m", "v"};
  for (int i = 0; i < 4; i++)
    for (int j = i + 1; j < 4; j++) args.noOverlap(*views[i], names[i], *views[j], names[j], false);
  k::adamUpdate(count, param.data, grad.data, m.data, v.data, lr, beta1, beta2, eps, weightDecay,
                decoupled, step);
  return info.Env().Undefined();
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  Args args(info, "setNumThreads", 1);
  const int64_t n = args.size(0, "n");
  if (n < 1 || n > 256) args.throwRange("expected n to be an integer in [1, 256], got number " + std::to_string(n));
  k::setNumThreads(static_cast<int>(n));
  return info.Env().Undefined();
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  Args args(info, "getNumThreads", 0);
  return Napi::Number::New(info.Env(), k::numThreads());
}

// --- the machine probes ---------------------------------------------------------------------

// (threads, milliseconds) → GFLOP/s of an FMA-only loop on that many threads at once.
Napi::Value MeasureFmaPeak(const Napi::CallbackInfo& info) {
  Args args(info, "measureFmaPeak", 2);
  const int64_t threads = args.size(0, "threads");
  if (threads < 1 || threads > 256) args.throwRange("expected threads to be an integer in [1, 256], got number " + std::to_string(threads));
  const double ms = args.number(1, "milliseconds");
  if (!(ms >= 1.0 && ms <= 10000.0)) args.throwRange("expected milliseconds to be a number in [1, 10000], got " + describe(info[1]));
  return Napi::Number::New(info.Env(), k::measureFmaPeak(static_cast<int>(threads), ms));
}

// (threads, megabytes) → STREAM-triad GB/s over three arrays totalling that many MB.
Napi::Value MeasureBandwidth(const Napi::CallbackInfo& info) {
  Args args(info, "measureBandwidth", 2);
  const int64_t threads = args.size(0, "threads");
  if (threads < 1 || threads > 256) args.throwRange("expected threads to be an integer in [1, 256], got number " + std::to_string(threads));
  const double mb = args.number(1, "megabytes");
  if (!(mb >= 0.01 && mb <= 4096.0)) args.throwRange("expected megabytes to be a number in [0.01, 4096], got " + describe(info[1]));
  const double gbps = k::measureBandwidth(static_cast<int>(threads), mb);
  if (gbps == 0.0) args.throwRange("could not allocate " + describe(info[1]) + " MB for the arrays");
  return Napi::Number::New(info.Env(), gbps);
}

void InitFused(Napi::Env env, Napi::Object exports) {
  exports.Set("measureFmaPeak", Napi::Function::New(env, MeasureFmaPeak, "measureFmaPeak"));
  exports.Set("measureBandwidth", Napi::Function::New(env, MeasureBandwidth, "measureBandwidth"));
  exports.Set("softmaxForward", Napi::Function::New(env, SoftmaxForward, "softmaxForward"));
  exports.Set("softmaxBackward", Napi::Function::New(env, SoftmaxBackward, "softmaxBackward"));
  exports.Set("logSoftmaxForward", Napi::Function::New(env, LogSoftmaxForward, "logSoftmaxForward"));
  exports.Set("logSoftmaxBackward", Napi::Function::New(env, LogSoftmaxBackward, "logSoftmaxBackward"));
  exports.Set("softmaxCrossEntropyForward",
              Napi::Function::New(env, SoftmaxCrossEntropyForward, "softmaxCrossEntropyForward"));
  exports.Set("softmaxCrossEntropyBackward",
              Napi::Function::New(env, SoftmaxCrossEntropyBackward, "softmaxCrossEntropyBackward"));
  exports.Set("sgdUpdate", Napi::Function::New(env, SgdUpdate, "sgdUpdate"));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate, "adamUpdate"));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads, "setNumThreads"));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads, "getNumThreads"));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, Gemm, "gemm"));
  exports.Set("activationForward", Napi::Function::New(env, ActivationForward, "activationForward"));
  exports.Set("activationBackward", Napi::Function::New(env, ActivationBackward, "activationBackward"));
  exports.Set("denseForward", Napi::Function::New(env, DenseForward, "denseForward"));
  exports.Set("denseBackward", Napi::Function::New(env, DenseBackward, "denseBackward"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa, "setIsa"));
  InitFused(env, exports);
  return exports;
}

}  // namespace chainrule::addon

static Napi::Object InitChainrule(Napi::Env env, Napi::Object exports) {
  return chainrule::addon::Init(env, exports);
}

NODE_API_MODULE(chainrule, InitChainrule)
