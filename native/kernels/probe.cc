// What the machine is and what it can do, measured rather than assumed: the CPU's vendor,
// family/model and micro-architecture, its cache sizes (CPUID leaf 4 on Intel, 0x8000001D
// on AMD, else sysfs), the FMA peak of the active ISA's vectors on 1..N threads, and the
// STREAM-triad memory bandwidth. The bench prints these beside every figure; the GEMM
// blocking reads the cache sizes.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "isa_table.h"

namespace chainrule::kernels {
namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

#if defined(__x86_64__) || defined(__i386__)
// Reads a deterministic cache leaf (Intel 4, AMD 0x8000001D: the same layout) into caches.
bool readCacheLeaf(unsigned leaf, CpuDescription& d) {
  bool any = false;
  for (unsigned sub = 0; sub < 16; sub++) {
    unsigned a = 0, b = 0, c = 0, e = 0;
    __cpuid_count(leaf, sub, a, b, c, e);
    const unsigned type = a & 0x1f;  // 0 none, 1 data, 2 instruction, 3 unified
    if (type == 0) break;
    if (type == 2) continue;
    const unsigned level = (a >> 5) & 0x7;
    const int64_t bytes = static_cast<int64_t>(((b >> 22) & 0x3ff) + 1) * (((b >> 12) & 0x3ff) + 1) *
                          ((b & 0xfff) + 1) * (static_cast<int64_t>(c) + 1);
    if (level == 1) d.l1dBytes = bytes;
    else if (level == 2) d.l2Bytes = bytes;
    else if (level == 3) d.l3Bytes = bytes;
    any = true;
  }
  return any;
}

const char* amdArch(unsigned family, unsigned model) {
  if (family == 0x17) return model >= 0x30 ? "zen2" : "zen";
  if (family == 0x19) {
    if (model <= 0x0f || (model >= 0x20 && model <= 0x5f)) return "zen3";
    return "zen4";
  }
  if (family == 0x1a) return "zen5";
  return family > 0x1a ? "zen5+" : "amd";
}

const char* intelArch(unsigned family, unsigned model) {
  if (family != 6) return "intel";
  switch (model) {
    case 0x55: return "skylake-x";
    case 0x6a: case 0x6c: return "icelake-server";
    case 0x7d: case 0x7e: return "icelake";
    case 0x8f: return "sapphire-rapids";
    case 0xcf: return "emerald-rapids";
    case 0xad: case 0xae: return "granite-rapids";
    case 0x3c: case 0x3f: case 0x45: case 0x46: return "haswell";
    case 0x3d: case 0x47: case 0x4f: case 0x56: return "broadwell";
    case 0x4e: case 0x5e: case 0x8e: case 0x9e: case 0xa5: return "skylake";
    case 0x97: case 0x9a: case 0xb7: case 0xba: case 0xbf: return "alder/raptor-lake";
    default: return "intel";
  }
}

void describeX86(CpuDescription& d) {
  unsigned a = 0, b = 0, c = 0, e = 0;
  if (!__get_cpuid(0, &a, &b, &c, &e)) return;
  const unsigned maxLeaf = a;
  char vendor[13];
  std::memcpy(vendor, &b, 4);
  std::memcpy(vendor + 4, &e, 4);
  std::memcpy(vendor + 8, &c, 4);
  vendor[12] = '\0';
  std::snprintf(d.vendor, sizeof d.vendor, "%s", vendor);
  __get_cpuid(1, &a, &b, &c, &e);
  unsigned family = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
  if (family == 0xf) family += (a >> 20) & 0xff;
  if (family == 0x6 || family >= 0xf) model |= ((a >> 16) & 0xf) << 4;
  d.family = static_cast<int32_t>(family);
  d.model = static_cast<int32_t>(model);
  const bool amd = std::strcmp(vendor, "AuthenticAMD") == 0 || std::strcmp(vendor, "HygonGenuine") == 0;
  std::snprintf(d.arch, sizeof d.arch, "%s", amd ? amdArch(family, model)
                                            : std::strcmp(vendor, "GenuineIntel") == 0 ? intelArch(family, model)
                                                                                       : "x86-64");
  unsigned maxExt = 0;
  __get_cpuid(0x80000000, &maxExt, &b, &c, &e);
  if (maxExt >= 0x80000004) {  // the brand string
    unsigned regs[12];
    for (unsigned i = 0; i < 3; i++) __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
    char brand[49];
    std::memcpy(brand, regs, 48);
    brand[48] = '\0';
    const char* start = brand;
    while (*start == ' ') start++;
    std::snprintf(d.brand, sizeof d.brand, "%s", start);
    for (size_t n = std::strlen(d.brand); n > 0 && d.brand[n - 1] == ' '; n--) d.brand[n - 1] = '\0';
  }
  bool caches = false;
  if (amd && maxExt >= 0x8000001d) {
    __get_cpuid(0x80000001, &a, &b, &c, &e);
    if (c & (1u << 22)) caches = readCacheLeaf(0x8000001d, d);  // TOPOEXT
  }
  if (!caches && !amd && maxLeaf >= 4) caches = readCacheLeaf(4, d);
  if (caches) std::snprintf(d.cacheSource, sizeof d.cacheSource, "cpuid");
}
#endif

// /sys/devices/system/cpu/cpu0/cache/index*/{level,type,size}: sizes like "48K", "1024K", "32M".
void describeSysfs(CpuDescription& d) {
  bool any = false;
  for (int i = 0; i < 8; i++) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
    auto read = [&](const char* name) -> std::string {
      std::FILE* f = std::fopen((dir + name).c_str(), "r");
      if (f == nullptr) return "";
      char buf[64] = {0};
      const size_t got = std::fread(buf, 1, sizeof buf - 1, f);
      std::fclose(f);
      std::string s(buf, got);
      while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
      return s;
    };
    const std::string level = read("level"), type = read("type"), size = read("size");
    if (level.empty() || size.empty()) break;
    if (type == "Instruction") continue;
    char* end = nullptr;
    int64_t bytes = std::strtoll(size.c_str(), &end, 10);
    if (end != nullptr && (*end == 'K' || *end == 'k')) bytes <<= 10;
    else if (end != nullptr && (*end == 'M' || *end == 'm')) bytes <<= 20;
    if (bytes <= 0) continue;
    if (level == "1") d.l1dBytes = bytes;
    else if (level == "2") d.l2Bytes = bytes;
    else if (level == "3") d.l3Bytes = bytes;
    any = true;
  }
  if (any) std::snprintf(d.cacheSource, sizeof d.cacheSource, "sysfs");
}

CpuDescription makeDescription() {
  CpuDescription d;
#if defined(__x86_64__) || defined(__i386__)
  describeX86(d);
#elif defined(__aarch64__)
  std::snprintf(d.arch, sizeof d.arch, "arm64");
#endif
  if (d.cacheSource[0] == '\0') describeSysfs(d);
  return d;
}

// Runs body(t) on `threads` threads (the caller is thread 0), released together; returns
// the wall time from the release until the last one finished.
template <class Body>
double runTogether(int threads, const Body& body) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> helpers;
  auto worker = [&](int t) {
    ready.fetch_add(1);
    while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
    body(t);
  };
  for (int t = 1; t < threads; t++) {
    try {
      helpers.emplace_back(worker, t);
    } catch (...) {
      break;  // the OS refused a thread: the caller runs that share itself below
    }
  }
  const int started = static_cast<int>(helpers.size()) + 1;
  while (ready.load() < started - 1) std::this_thread::yield();
  const double t0 = now();
  go.store(true, std::memory_order_release);
  body(0);
  for (int t = started; t < threads; t++) body(t);
  for (std::thread& h : helpers) h.join();
  return now() - t0;
}

}  // namespace

const CpuDescription& describeCpu() {
  static const CpuDescription description = makeDescription();
  return description;
}

double measureFmaPeak(int threads, double milliseconds) {
  const IsaTable& table = activeTable();
  if (threads < 1 || table.fmaLoop == nullptr) return 0.0;
  // Warm up (the core leaves its idle clock), calibrate on this thread, then five windows
  // of ~1/5 of the time each, best kept: a busy host only ever slows a window down.
  const double seconds = milliseconds * 1e-3;
  for (const double t0 = now(); now() - t0 < std::min(0.02, seconds / 4);) table.fmaLoop(1 << 10);
  int64_t iterations = 1 << 10;
  double elapsed = 0.0;
  for (;;) {
    const double t0 = now();
    table.fmaLoop(iterations);
    elapsed = now() - t0;
    if (elapsed > std::min(2e-3, seconds / 10) || iterations > (int64_t{1} << 40)) break;
    iterations *= 2;
  }
  const double window = seconds / 5;
  iterations = std::max<int64_t>(1, static_cast<int64_t>(iterations * window / elapsed));
  double best = 0.0;
  for (int pass = 0; pass < 5; pass++) {
    std::vector<double> done(threads, 0.0);
    const double wall = runTogether(threads, [&](int t) { done[t] = table.fmaLoop(iterations); });
    double total = 0.0;
    for (double f : done) total += f;
    if (wall > 0.0) best = std::max(best, total / wall / 1e9);
  }
  return best;
}

double measureBandwidth(int threads, double megabytes) {
  const IsaTable& table = activeTable();
  if (threads < 1 || table.streamTriad == nullptr || !(megabytes > 0.0)) return 0.0;
  // Three arrays of megabytes/3 each, every thread working on its own contiguous share
  // (first touched by that thread, as STREAM does). Bytes counted as STREAM counts them:
  // two read and one written per element (write-allocate traffic not included).
  const int64_t count = std::max<int64_t>(1024, static_cast<int64_t>(megabytes * 1e6 / 3.0 / sizeof(float)));
  const size_t bytes = (static_cast<size_t>(count) * sizeof(float) + 63) / 64 * 64;
  float* a = static_cast<float*>(std::aligned_alloc(64, bytes));
  float* b = static_cast<float*>(std::aligned_alloc(64, bytes));
  float* c = static_cast<float*>(std::aligned_alloc(64, bytes));
  if (a == nullptr || b == nullptr || c == nullptr) {
    std::free(a);
    std::free(b);
    std::free(c);
    return 0.0;
  }
  const int64_t share = (count + threads - 1) / threads;
  auto range = [&](int t, int64_t& begin, int64_t& n) {
    begin = std::min(count, t * share);
    n = std::min(count, begin + share) - begin;
  };
  runTogether(threads, [&](int t) {
    int64_t begin, n;
    range(t, begin, n);
    for (int64_t i = begin; i < begin + n; i++) {
      a[i] = 0.0f;
      b[i] = 1.0f;
      c[i] = 2.0f;
    }
  });
  double best = 0.0;
  for (int pass = 0; pass < 5; pass++) {
    const double seconds = runTogether(threads, [&](int t) {
      int64_t begin, n;
      range(t, begin, n);
      table.streamTriad(n, a + begin, b + begin, c + begin, 0.5f);
    });
    if (seconds > 0.0) best = std::max(best, 3.0 * sizeof(float) * count / seconds / 1e9);
  }
  std::free(a);
  std::free(b);
  std::free(c);
  return best;
}

}  // namespace chainrule::kernels
