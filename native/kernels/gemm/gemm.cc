// The public sgemm and the threading of every GEMM: C is cut into one rectangle of whole
// MR×NR tiles per thread, and each thread runs the single-threaded packed GEMM of its ISA
// on its rectangle, with its own packing buffers. Nothing is shared but the read-only A and
// B, so no barriers: each thread packs the parts of A and B its rectangle needs (packing is
// O(mk + kn) against O(mnk) work).
#include <algorithm>
#include <cstdint>

#include "../isa_table.h"

namespace chainrule::kernels {
namespace {

// Below this many multiply-adds (2 MFLOP, ≈ 20 µs on one core) a GEMM stays on the calling
// thread: waking a helper and packing twice would eat the gain.
constexpr int64_t kParallelMinMacs = int64_t{1} << 20;

struct Partition {
  const IsaTable* table;
  const GemmCall* call;
  int64_t rowBlocks, colBlocks;  // the grid of rectangles
  int64_t rowStep, colStep;      // rectangle size, whole tiles
};

void runRectangle(void* ctx, int64_t task) {
  const Partition& p = *static_cast<const Partition*>(ctx);
  const GemmCall& g = *p.call;
  const int64_t i0 = (task / p.colBlocks) * p.rowStep;
  const int64_t j0 = (task % p.colBlocks) * p.colStep;
  if (i0 >= g.m || j0 >= g.n) return;
  GemmCall sub = g;
  sub.m = std::min(p.rowStep, g.m - i0);
  sub.n = std::min(p.colStep, g.n - j0);
  sub.a = g.transA ? g.a + i0 : g.a + i0 * g.lda;
  sub.b = g.transB ? g.b + j0 * g.ldb : g.b + j0;
  sub.c = g.c + i0 * g.ldc + j0;
  GemmEpilogue epilogue;
  if (g.epilogue != nullptr) {
    epilogue = *g.epilogue;
    if (epilogue.bias != nullptr) epilogue.bias += j0;
    if (epilogue.pre != nullptr) epilogue.pre += i0 * epilogue.ldPre + j0;
    sub.epilogue = &epilogue;
  }
  p.table->gemm(sub);
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

void gemmParallel(const IsaTable& table, const GemmCall& call) {
  const int threads = numThreads();
  if (threads <= 1 || call.m * call.n * call.k < kParallelMinMacs) return table.gemm(call);
  // Pick the grid rows×cols = threads whose largest rectangle (in whole tiles) is smallest;
  // ties go to fewer row blocks (each row block re-packs all of B's columns it touches).
  const int64_t mTiles = ceilDiv(call.m, table.mr), nTiles = ceilDiv(call.n, table.nr);
  int64_t bestRows = 1, bestCols = threads, bestArea = INT64_MAX;
  for (int64_t rows = 1; rows <= threads; rows++) {
    if (threads % rows != 0) continue;
    const int64_t cols = threads / rows;
    const int64_t area = ceilDiv(mTiles, rows) * ceilDiv(nTiles, cols);
    if (area < bestArea) {
      bestArea = area;
      bestRows = rows;
      bestCols = cols;
    }
  }
  Partition p{&table, &call, bestRows, bestCols, ceilDiv(mTiles, bestRows) * table.mr,
              ceilDiv(nTiles, bestCols) * table.nr};
  parallelFor(bestRows * bestCols, runRectangle, &p);
}

void sgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha,
           const float* a, const float* b, float beta, float* c) {
  GemmCall call;
  call.transA = transA;
  call.transB = transB;
  call.m = m;
  call.n = n;
  call.k = k;
  call.alpha = alpha;
  call.a = a;
  call.lda = transA ? m : k;
  call.b = b;
  call.ldb = transB ? k : n;
  call.beta = beta;
  call.c = c;
  call.ldc = n;
  gemmParallel(activeTable(), call);
}

}  // namespace chainrule::kernels
