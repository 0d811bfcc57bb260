// Argument checking for the Node-API layer: every entry point reads its arguments through
// Args, which throws a JS TypeError/RangeError that starts with the op's name and says what
// was expected and what came ("gemm: expected c to be a Float32Array of length m*n = 12,
// got Float64Array(12)"). Nothing reaches a kernel unchecked.
#pragma once
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace chainrule::addon {

// Largest size accepted for one dimension: products of two stay far inside int64 and
// every element count fits a typed array's length.
constexpr int64_t kMaxDimension = int64_t{1} << 31;

inline std::string describe(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return v.As<Napi::Boolean>().Value() ? "true" : "false";
    case napi_number: {
      const double d = v.As<Napi::Number>().DoubleValue();
      if (std::isnan(d)) return "NaN";
      if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
      std::string s = std::to_string(d);
      s.erase(s.find_last_not_of('0') + 1);
      if (!s.empty() && s.back() == '.') s.pop_back();
      return "number " + s;
    }
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    case napi_bigint: return "a bigint";
    case napi_external: return "an external";
    case napi_object: break;
  }
  if (v.IsTypedArray()) {
    const auto ta = v.As<Napi::TypedArray>();
    const char* name = "TypedArray";
    switch (ta.TypedArrayType()) {
      case napi_int8_array: name = "Int8Array"; break;
      case napi_uint8_array: name = "Uint8Array"; break;
      case napi_uint8_clamped_array: name = "Uint8ClampedArray"; break;
      case napi_int16_array: name = "Int16Array"; break;
      case napi_uint16_array: name = "Uint16Array"; break;
      case napi_int32_array: name = "Int32Array"; break;
      case napi_uint32_array: name = "Uint32Array"; break;
      case napi_float32_array: name = "Float32Array"; break;
      case napi_float64_array: name = "Float64Array"; break;
      case napi_bigint64_array: name = "BigInt64Array"; break;
      case napi_biguint64_array: name = "BigUint64Array"; break;
      default: break;
    }
    return std::string(name) + "(" + std::to_string(ta.ElementLength()) + ")";
  }
  if (v.IsArray()) return "an Array(" + std::to_string(v.As<Napi::Array>().Length()) + ")";
  if (v.IsArrayBuffer()) return "an ArrayBuffer";
  if (v.IsDataView()) return "a DataView";
  return "an object";
}

inline std::string describeFloat(float f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "Infinity" : "-Infinity";
  std::string s = std::to_string(f);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

struct FloatView {
  float* data = nullptr;
  int64_t length = 0;
  bool present = false;
};

class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* op, size_t expectedCount)
      : info_(info), op_(op) {
    if (info.Length() != expectedCount) {
      throwType("expected " + std::to_string(expectedCount) + " arguments, got " +
                std::to_string(info.Length()));
    }
  }

  [[noreturn]] void throwType(const std::string& message) const {
    throw Napi::TypeError::New(info_.Env(), std::string(op_) + ": " + message);
  }
  [[noreturn]] void throwRange(const std::string& message) const {
    throw Napi::RangeError::New(info_.Env(), std::string(op_) + ": " + message);
  }

  // One Node-API call on the hot path; a TypeError naming the argument if it is no number.
  double toDouble(const Napi::Value& v, const char* name) const {
    double d = 0;
    if (napi_get_value_double(info_.Env(), v, &d) != napi_ok) {
      throwType(std::string("expected ") + name + " to be a number, got " + describe(v));
    }
    return d;
  }

  // A non-negative integer dimension no larger than kMaxDimension.
  int64_t size(size_t i, const char* name) const {
    const Napi::Value v = info_[i];
    const double d = toDouble(v, name);
    if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d > static_cast<double>(kMaxDimension)) {
      throwRange(std::string("expected ") + name + " to be an integer in [0, 2^31], got " + describe(v));
    }
    return static_cast<int64_t>(d);
  }

  float number(size_t i, const char* name) const {
    const Napi::Value v = info_[i];
    const double d = toDouble(v, name);
    if (std::isnan(d)) throwRange(std::string("expected ") + name + " to be a number, got NaN");
    return static_cast<float>(d);
  }

  // A finite number (hyper-parameters: NaN or ±Infinity would poison every weight).
  float finite(size_t i, const char* name) const {
    const Napi::Value v = info_[i];
    const double d = toDouble(v, name);
    if (!std::isfinite(d)) throwRange(std::string("expected ") + name + " to be a finite number, got " + describe(v));
    return static_cast<float>(d);
  }

  // Two sizes whose product must stay a valid element count.
  void checkProduct(int64_t a, int64_t b, const char* text) const {
    if (a != 0 && b > kMaxDimension / a) {
      throwRange(std::string("expected ") + text + " <= 2^31, got " + std::to_string(a) + "*" + std::to_string(b));
    }
  }

  bool boolean(size_t i, const char* name) const {
    const Napi::Value v = info_[i];
    bool b = false;
    if (napi_get_value_bool(info_.Env(), v, &b) != napi_ok) {
      throwType(std::string("expected ") + name + " to be a boolean, got " + describe(v));
    }
    return b;
  }

  int32_t code(size_t i, const char* name, int32_t count) const {
    const Napi::Value v = info_[i];
    const double d = toDouble(v, name);
    if (!(d >= 0 && d < count && d == std::floor(d))) {
      throwRange(std::string("expected ") + name + " to be an integer code in [0, " +
                 std::to_string(count) + "), got " + describe(v));
    }
    return static_cast<int32_t>(d);
  }

  // A Float32Array (a subarray is fine) of exactly `length` elements; `lengthText` names
  // the formula ("m*k") for the message.
  FloatView floats(size_t i, const char* name, int64_t length, const char* lengthText) const {
    return view(i, name, length, lengthText, false);
  }
  // The element count of argument i, which must be a Float32Array of any length (for ops
  // sized by an array: activations, optimizer updates).
  int64_t floatLength(size_t i, const char* name) const {
    const Napi::Value v = info_[i];
    napi_typedarray_type type;
    size_t count = 0;
    if (napi_get_typedarray_info(info_.Env(), v, &type, &count, nullptr, nullptr, nullptr) != napi_ok ||
        type != napi_float32_array) {
      throwType(std::string("expected ") + name + " to be a Float32Array, got " + describe(v));
    }
    return static_cast<int64_t>(count);
  }
  // As floats(), but null or undefined gives an absent view.
  FloatView optionalFloats(size_t i, const char* name, int64_t length, const char* lengthText) const {
    return view(i, name, length, lengthText, true);
  }

  // Outputs must not partly overlap inputs; identical ranges are allowed only if `sameOk`.
  void noOverlap(const FloatView& out, const char* outName, const FloatView& in,
                 const char* inName, bool sameOk) const {
    if (!out.present || !in.present || out.length == 0 || in.length == 0) return;
    const float* outEnd = out.data + out.length;
    const float* inEnd = in.data + in.length;
    const bool overlap = out.data < inEnd && in.data < outEnd;
    if (!overlap) return;
    if (sameOk && out.data == in.data && out.length == in.length) return;
    throwRange(std::string("expected ") + outName + " not to overlap " + inName +
               (sameOk ? " (except exactly, in place)" : "") + ", got overlapping memory");
  }

 private:
  FloatView view(size_t i, const char* name, int64_t length, const char* lengthText,
                 bool optional) const {
    const Napi::Value v = info_[i];
    // Fast path, one Node-API call: a Float32Array of the right length. (Asking for the type,
    // length and data separately costs ~5 calls per argument, ~1 µs for a 10-argument op.)
    napi_typedarray_type type;
    size_t count = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(info_.Env(), v, &type, &count, &data, nullptr, nullptr) == napi_ok &&
        type == napi_float32_array && static_cast<int64_t>(count) == length && (data != nullptr || count == 0)) {
      FloatView out;
      out.data = static_cast<float*>(data);
      out.length = length;
      out.present = true;
      return out;
    }
    if (optional && (v.IsNull() || v.IsUndefined())) return FloatView{};
    // The message is built only on the error path: this runs for every argument of every call.
    auto expected = [&] {
      return std::string("expected ") + name + " to be a Float32Array of length " + lengthText + " = " +
             std::to_string(length);
    };
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
      throwType(expected() + (optional ? " or null" : "") + ", got " + describe(v));
    }
    Napi::Float32Array array = v.As<Napi::Float32Array>();
    const int64_t got = static_cast<int64_t>(array.ElementLength());
    if (got != length) {
      if (array.ArrayBuffer().IsDetached()) throwType(expected() + ", got a Float32Array over a detached buffer");
      throwRange(expected() + ", got Float32Array(" + std::to_string(got) + ")");
    }
    FloatView out;
    out.data = array.Data();
    out.length = got;
    out.present = true;
    return out;
  }

  const Napi::CallbackInfo& info_;
  const char* op_;
};

}  // namespace chainrule::addon
