// The public sgemm and the threading of every GEMM: C is cut into rectangles of whole
// MR×NR tiles (1, 2 or 4 per thread), and each thread runs the single-threaded packed GEMM
// of its ISA on the rectangles it takes, with its own packing buffers. Nothing is shared but the read-only A and
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

// Estimated cycles of one rectangle of whole tiles: its FMAs (16 multiply-adds per cycle)
// plus packing its share of A and B (~2 floats per cycle), which every rectangle repeats
// for the rows and columns it covers.
double rectangleCost(int64_t rows, int64_t cols, int64_t k) {
  return static_cast<double>(rows) * cols * k / 16.0 + static_cast<double>(rows + cols) * k / 2.0;
}

}  // namespace

void gemmParallel(const IsaTable& table, const GemmCall& call) {
  const int threads = numThreads();
  if (threads <= 1 || call.m * call.n * call.k < kParallelMinMacs) return table.gemm(call);
  // A grid of rows×cols rectangles, threads × 1, 2 or 4 of them, taken by the threads in
  // turn (the pool hands out tasks dynamically). More rectangles than threads costs some
  // packing twice, but a thread the OS holds back (a busy host) then delays the GEMM by a
  // small rectangle, not by half of it. Pick the grid with the least estimated time per
  // thread, preferring more rectangles when that costs under 3%.
  const int64_t mTiles = ceilDiv(call.m, table.mr), nTiles = ceilDiv(call.n, table.nr);
  struct Grid {
    int64_t rows, cols, tasks;
    double time;
  };
  Grid grids[64];
  int count = 0;
  double quietBest = 1e300;  // the best grid of exactly one rectangle per thread
  for (int64_t perThread = 1; perThread <= 4; perThread *= 2) {
    const int64_t tasks = threads * perThread;
    for (int64_t rows = 1; rows <= tasks && count < 64; rows++) {
      const int64_t cols = tasks / rows;
      if (tasks % rows != 0 || rows > mTiles || cols > nTiles) continue;
      const int64_t rowStep = ceilDiv(mTiles, rows), colStep = ceilDiv(nTiles, cols);
      const int64_t used = ceilDiv(mTiles, rowStep) * ceilDiv(nTiles, colStep);  // non-empty
      const double time = static_cast<double>(ceilDiv(used, threads)) *
                          rectangleCost(std::min(rowStep * table.mr, call.m),
                                        std::min(colStep * table.nr, call.n), call.k);
      grids[count++] = {rows, cols, used, time};
      if (perThread == 1) quietBest = std::min(quietBest, time);
    }
  }
  int64_t bestRows = 1, bestCols = threads, bestTasks = 0;
  double bestTime = 1e300;
  for (int i = 0; i < count; i++) {
    const Grid& g = grids[i];
    if (g.time > quietBest * 1.03) continue;
    if (g.tasks > bestTasks || (g.tasks == bestTasks && g.time < bestTime)) {
      bestRows = g.rows;
      bestCols = g.cols;
      bestTasks = g.tasks;
      bestTime = g.time;
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
