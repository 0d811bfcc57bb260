// One persistent thread pool per process. The addon may be loaded in several worker_threads
// at once; they all share this pool. One caller at a time owns it (a try-lock): a second
// concurrent caller does not wait, it runs its work on its own thread. Workers spin briefly
// after a job (back-to-back GEMMs of a training step then start in microseconds), then
// sleep on a condition variable.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CHAINRULE_PAUSE() _mm_pause()
#else
#define CHAINRULE_PAUSE() std::this_thread::yield()
#endif

#include "isa_table.h"

namespace chainrule::kernels {
namespace {

constexpr int kMaxThreads = 256;
constexpr int kClosed = -(1 << 30);
// How long a worker spins after a job before it sleeps: a futex wake costs tens of µs in
// a VM, as much as a 128³ GEMM, and the GEMMs of a training step come tens of µs apart.
// Timed, not counted: a pause takes ~47 ns on Zen 4 but ~5 ns on older cores.
constexpr auto kSpinTime = std::chrono::microseconds(300);

// CPUs this process may run on (the affinity mask, so taskset/cgroups are honoured).
int defaultThreadCount() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int count = CPU_COUNT(&set);
    if (count > 0) return count;
  }
#endif
  const unsigned hw = std::thread::hardware_concurrency();
  return hw > 0 ? static_cast<int>(hw) : 1;
}

int envThreadCount() {
  const char* text = std::getenv("CHAINRULE_NUM_THREADS");
  if (text == nullptr || text[0] == '\0') return 0;
  char* end = nullptr;
  const long n = std::strtol(text, &end, 10);
  if (*end != '\0' || n < 1) return 0;  // not a positive integer: ignored
  return n > kMaxThreads ? kMaxThreads : static_cast<int>(n);
}

class ThreadPool {
 public:
  ThreadPool() {
    const int fromEnv = envThreadCount();
    active_ = fromEnv > 0 ? fromEnv : defaultThreadCount();
    if (active_ > kMaxThreads) active_ = kMaxThreads;
  }

  int threads() const { return active_.load(std::memory_order_relaxed); }

  void setThreads(int n) {
    std::lock_guard<std::mutex> owner(dispatch_);  // not while a job runs
    if (n <= 0) n = defaultThreadCount();
    active_.store(n > kMaxThreads ? kMaxThreads : n, std::memory_order_relaxed);
  }

  void run(int64_t tasks, void (*fn)(void*, int64_t), void* ctx) {
    const int active = threads();
    std::unique_lock<std::mutex> owner(dispatch_, std::try_to_lock);
    if (active <= 1 || tasks <= 1 || !owner.owns_lock()) {
      for (int64_t t = 0; t < tasks; t++) fn(ctx, t);
      return;
    }
    int helpers = static_cast<int>(std::min<int64_t>(active - 1, tasks - 1));
    helpers = ensureWorkers(helpers);
    fn_ = fn;
    ctx_ = ctx;
    tasks_ = tasks;
    next_.store(0, std::memory_order_relaxed);
    left_.store(0, std::memory_order_relaxed);
    joined_.store(0, std::memory_order_release);  // opens the job to helpers
    // Publishes the job: a new generation and, in the same word, how many helpers it wants.
    const uint64_t generation = (job_.load(std::memory_order_relaxed) >> 16) + 1;
    job_.store(generation << 16 | static_cast<uint64_t>(helpers), std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      std::lock_guard<std::mutex> lock(sleep_);
      wake_.notify_all();
    }
    work();
    // Close the job: a helper that has not joined yet (not scheduled, on a busy machine)
    // never will, and we do not wait for it. Wait only for those that joined.
    const int joined = joined_.exchange(kClosed, std::memory_order_acq_rel);
    int spins = 0;
    while (left_.load(std::memory_order_acquire) != joined) {
      if (++spins < 1 << 16) CHAINRULE_PAUSE();
      else std::this_thread::yield();
    }
  }

 private:
  void work() {
    for (;;) {
      const int64_t t = next_.fetch_add(1, std::memory_order_relaxed);
      if (t >= tasks_) return;
      fn_(ctx_, t);
    }
  }

  // Starts workers up to `count`; returns how many there are (fewer if the OS refuses).
  int ensureWorkers(int count) {
    try {
      while (static_cast<int>(workers_.size()) < count) {
        const int index = static_cast<int>(workers_.size());
        // The worker starts from the job word as it is now, before this caller publishes:
        // read later, it could already be this job's, which it would then never run.
        const uint64_t before = job_.load(std::memory_order_relaxed);
        std::thread worker([this, index, before] { workerLoop(index, before); });
        worker.detach();  // the pool lives as long as the process
        workers_.push_back(index);
      }
    } catch (...) {  // std::system_error: run with the workers we have
    }
    return std::min(count, static_cast<int>(workers_.size()));
  }

  // Joins the open job; false once its caller has closed it.
  bool join() {
    int count = joined_.load(std::memory_order_acquire);
    while (count >= 0) {
      if (joined_.compare_exchange_weak(count, count + 1, std::memory_order_acq_rel)) return true;
    }
    return false;
  }

  void workerLoop(int index, uint64_t seen) {
    for (;;) {
      uint64_t now = seen;
      const auto spinUntil = std::chrono::steady_clock::now() + kSpinTime;
      for (int i = 1; now == seen; i++) {
        CHAINRULE_PAUSE();
        now = job_.load(std::memory_order_acquire);
        if (i % 64 == 0 && std::chrono::steady_clock::now() > spinUntil) break;
      }
      if (now == seen) {
        std::unique_lock<std::mutex> lock(sleep_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        while ((now = job_.load(std::memory_order_seq_cst)) == seen) wake_.wait(lock);
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
      }
      seen = now;
      if (index < static_cast<int>(now & 0xffff) && join()) {
        work();
        left_.fetch_add(1, std::memory_order_release);
      }
    }
  }

  std::mutex dispatch_;  // held by the one caller whose job the pool runs
  std::atomic<int> active_{1};
  std::vector<int> workers_;  // indices of the started (detached) workers

  // The current job (written by its caller before generation_ moves on).
  void (*fn_)(void*, int64_t) = nullptr;
  void* ctx_ = nullptr;
  int64_t tasks_ = 0;
  std::atomic<int64_t> next_{0};
  std::atomic<int> joined_{kClosed};  // helpers that joined the job, or kClosed
  std::atomic<int> left_{0};          // helpers that finished it

  std::atomic<uint64_t> job_{0};  // generation << 16 | helpers
  std::atomic<int> sleepers_{0};
  std::mutex sleep_;
  std::condition_variable wake_;
};

ThreadPool& pool() {
  static ThreadPool* instance = new ThreadPool();  // never destroyed: workers outlive exit
  return *instance;
}

}  // namespace

int numThreads() { return pool().threads(); }
void setNumThreads(int n) { pool().setThreads(n); }

void parallelFor(int64_t tasks, void (*fn)(void*, int64_t), void* ctx) {
  pool().run(tasks, fn, ctx);
}

}  // namespace chainrule::kernels
