// A smoke test of the addon for the sanitizer build (scripts/sanitize.sh): each entry point
// once with good arguments, checked against a known answer, then the fuzzer's malformed calls.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const addon = require(process.env.CHAINRULE_ADDON_PATH);
const c = new Float32Array(4);
addon.gemm(false, false, 2, 2, 2, 1, new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), 0, c);
if (Array.from(c).join() !== '19,22,43,50') throw new Error(`gemm gave ${Array.from(c)}`);
const y = new Float32Array(3);
addon.activationForward(1, 0, new Float32Array([-1, 0, 2]), y);
if (Array.from(y).join() !== '0,0,2') throw new Error(`relu gave ${Array.from(y)}`);
console.log(`addon ok (${JSON.stringify(addon.info())})`);
const fuzz = spawnSync(
  process.execPath,
  [path.join(__dirname, '..', 'test', 'robust', 'fuzz-addon.cjs'), '20000', '7'],
  {
    stdio: 'inherit',
    env: process.env,
  },
);
if (fuzz.status !== 0) throw new Error(`fuzz under the sanitizers: exit ${fuzz.status} signal ${fuzz.signal}`);
