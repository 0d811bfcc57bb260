#!/usr/bin/env bash
# Installs the packed tarball into a scratch project as a user would, and checks:
#  1. with --ignore-scripts (no compile), the bundled prebuild loads — from require and import;
#  2. with the prebuild removed, the library runs on the TS kernels and says so in one line;
#  3. with the prebuild removed and no compiler, `npm rebuild` (the install step) still succeeds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
npm run --silent prebuild >/dev/null
tarball="$root/$(npm pack --silent 2>/dev/null | tail -n 1)"
contents=$(tar tzf "$tarball")
grep -q "package/prebuilds/linux-x64/chainrule.node" <<<"$contents" || { echo "FAIL: tarball has no prebuilds/linux-x64"; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch" "$tarball"' EXIT
cd "$scratch"
npm init -y >/dev/null
npm install --ignore-scripts --no-audit --no-fund --silent "$tarball"
[ ! -d node_modules/chainrule/build ] || { echo "FAIL: --ignore-scripts install has a build/ folder"; exit 1; }

node -e "
const c = require('chainrule');
const info = c.backendInfo();
if (info.backend !== 'native' || !/prebuilds/.test(info.addonPath)) throw new Error('CJS: prebuild not in use: ' + JSON.stringify(info));
console.log('ok  require: native from ' + info.addonPath.replace(process.cwd() + '/', '') + ', isa ' + info.isa);
"
node --input-type=module -e "
import { backendInfo, backend } from 'chainrule';
import { createRequire } from 'node:module';
const info = backendInfo();
if (info.backend !== 'native') throw new Error('ESM: prebuild not in use: ' + JSON.stringify(info));
const cjs = createRequire(import.meta.url)('chainrule');
if (cjs.backend() !== backend()) throw new Error('ESM and CJS loaded two instances');
console.log('ok  import: native, one instance shared with require');
"
cat > check-types.ts <<'TS'
import { backendInfo, type BackendInfo } from 'chainrule';
const info: BackendInfo = backendInfo();
console.log(info.backend);
TS
"$root/node_modules/.bin/tsc" --noEmit --strict --module node16 --moduleResolution node16 --types node --typeRoots "$root/node_modules/@types" check-types.ts
echo "ok  types: the declarations type-check from a consumer"

rm -rf node_modules/chainrule/prebuilds
node -e "require('chainrule').backend(); require('chainrule').backend(); console.log('ok  fallback backend: ' + require('chainrule').backendInfo().backend)" 2> stderr.txt
lines=$(wc -l < stderr.txt)
grep -q 'chainrule: using the TypeScript kernels (native addon did not load: no prebuild for linux-x64' stderr.txt || { echo "FAIL: fallback line missing:"; cat stderr.txt; exit 1; }
[ "$lines" -eq 1 ] || { echo "FAIL: expected one line on stderr, got $lines:"; cat stderr.txt; exit 1; }
echo "ok  fallback notice: $(cat stderr.txt)"
if CHAINRULE_BACKEND=native node -e "require('chainrule').backend()" 2> forced.txt; then echo "FAIL: CHAINRULE_BACKEND=native succeeded without an addon"; exit 1; fi
grep -q 'CHAINRULE_BACKEND=native, but the native addon did not load: no prebuild' forced.txt || { echo "FAIL: forced native error:"; cat forced.txt; exit 1; }
echo "ok  CHAINRULE_BACKEND=native without an addon is an error carrying the reason"

CC=/bin/false CXX=/bin/false npm rebuild chainrule --foreground-scripts > rebuild.txt 2>&1 || { echo "FAIL: npm rebuild (no compiler) failed"; cat rebuild.txt; exit 1; }
node -e "const i = require('chainrule').backendInfo(); if (i.backend !== 'ts') throw new Error('expected ts'); console.log('ok  no compiler: install succeeded; ' + i.reason)" 2>/dev/null
