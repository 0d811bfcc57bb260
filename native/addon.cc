// The Node-API binding: checks every argument (args.h), then calls a plain kernel in
// native/kernels/. No kernel code lives here and no kernel includes napi.h.
#include <napi.h>

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
  if (!info[2].IsTypedArray()) args.floats(2, "x", 0, "y.length");
  const int64_t count = static_cast<int64_t>(info[2].As<Napi::TypedArray>().ElementLength());
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
  if (!info[4].IsTypedArray()) args.floats(4, "dy", 0, "dx.length");
  const int64_t count = static_cast<int64_t>(info[4].As<Napi::TypedArray>().ElementLength());
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
  out.Set("cpu", cpu);
  out.Set("threads", 1);
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

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, Gemm, "gemm"));
  exports.Set("activationForward", Napi::Function::New(env, ActivationForward, "activationForward"));
  exports.Set("activationBackward", Napi::Function::New(env, ActivationBackward, "activationBackward"));
  exports.Set("denseForward", Napi::Function::New(env, DenseForward, "denseForward"));
  exports.Set("denseBackward", Napi::Function::New(env, DenseBackward, "denseBackward"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("setIsa", Napi::Function::New(env, SetIsa, "setIsa"));
  return exports;
}

}  // namespace chainrule::addon

static Napi::Object InitChainrule(Napi::Env env, Napi::Object exports) {
  return chainrule::addon::Init(env, exports);
}

NODE_API_MODULE(chainrule, InitChainrule)
