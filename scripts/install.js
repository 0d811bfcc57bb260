// npm's install step. Loads a bundled prebuild if one fits, else compiles from source with
// node-gyp (both through node-gyp-build). A failed compile never fails the install: the
// library then runs on the TypeScript kernels, and the reason is kept in
// build/chainrule-install.json for `chainrule info` and the one-line runtime notice.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = require.resolve('node-gyp-build/bin.js');
const result = spawnSync(process.execPath, [bin], { cwd: root, encoding: 'utf8', env: process.env });
const output = `${result.stdout || ''}${result.stderr || ''}`;

if (result.status === 0) {
  if (process.env.npm_config_loglevel === 'verbose') process.stdout.write(output);
  try {
    fs.rmSync(path.join(root, 'build', 'chainrule-install.json'), { force: true });
  } catch {}
  process.exit(0);
}

const lines = output
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const telling =
  lines.find((l) => /not found|No such file|command not found|ENOENT/i.test(l)) ||
  lines.find((l) => /error/i.test(l) && !/gyp ERR! (cwd|node -v|node-gyp -v|System|command|not ok)/.test(l)) ||
  `node-gyp exited with ${result.status ?? result.signal ?? result.error}`;
const reason = `the source build failed: ${telling.replace(/^gyp ERR! (stack )?/, '')}`;
try {
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  fs.writeFileSync(path.join(root, 'build', 'chainrule-install.json'), `${JSON.stringify({ reason }, null, 2)}\n`);
} catch {}
process.stderr.write(`chainrule: no native kernels (${reason}); the TypeScript kernels will run instead\n`);
process.exit(0);
