#!/usr/bin/env bash
# The kernels and the addon under AddressSanitizer + UBSan, the kernel tests under
# ThreadSanitizer and valgrind memcheck. Any report fails the run.
#  1. ctest kernel suite built with -DCHAINRULE_SANITIZE=ON (every ISA);
#  2. ctest kernel suite built with -DCHAINRULE_TSAN=ON (the pool, concurrent callers, setIsa);
#  3. the addon built with ASan + UBSan by cmake-js, loaded by Node with libasan preloaded,
#     running a smoke test of every entry point (good and bad arguments);
#  4. valgrind memcheck on the (unsanitised) ctest binary: 0 errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${JOBS:-2}

echo "--- ctest under ASan + UBSan"
cmake -S . -B build-asan -DCHAINRULE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure

echo "--- ctest under ThreadSanitizer (pool, concurrent callers, setIsa)"
cmake -S . -B build-tsan -DCHAINRULE_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-tsan -j"$jobs" --target kernel_tests >/dev/null
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure

echo "--- the addon under ASan + UBSan, from Node"
npx cmake-js compile --out build-asan-addon --CDCHAINRULE_SANITIZE=ON >/dev/null
libasan=$(gcc -print-file-name=libasan.so)
libubsan=$(gcc -print-file-name=libubsan.so)
# Node itself is not instrumented: leak checking would report V8's own allocations.
LD_PRELOAD="$libasan:$libubsan" ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  CHAINRULE_ADDON_PATH="$root/build-asan-addon/Release/chainrule.node" node scripts/native-smoke.cjs

echo "--- valgrind memcheck on the kernel tests"
cmake -S . -B build-ctest -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-ctest -j"$jobs" >/dev/null
for isa in generic avx2; do
  valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    build-ctest/kernel_tests "$isa"
done
echo "sanitizers: clean"
