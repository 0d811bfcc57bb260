// Do chainrule's optimizers follow PyTorch's step for step? `npm run bench:interop` (or
// `node --import tsx bench/interop/trajectories.ts`).
//
// chainrule seeds an MLP 20-32-16-4 (tanh, relu) and 20 batches and hands both to torch as
// safetensors; both train the same model from the same weights on the same batches, 20
// steps, for each optimizer case (SGD with momentum / Nesterov / dampening / weight decay,
// Adam, Adam + L2 + AMSGrad, AdamW), under softmaxCrossEntropy and mse. torch also runs the
// cases in float64, the rounding-free reference: "torch32 vs torch64" is how far float32
// rounding alone moves a trajectory, the yardstick for chainrule's distance from torch.
// Prints per case the max |Δw| over all parameters and all steps and PASS/FAIL against 1e-5.
// Exit 1 on any FAIL; `skipped: <reason>` and exit 0 when no python with torch is at hand.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backendInfo } from '../../lib/index.js';
import { readSafetensors } from '../../lib/io/index.js';
import { modelFromDescription } from '../../lib/io/model.js';
import { adam, type AdamOptions, adamw, type Optimizer, sgd, type SgdOptions } from '../../lib/optim/index.js';
import type { Parameter } from '../../lib/optim/types.js';
import { stepSlice, lossOf, type TrajectoryCase, writeTrajectoryInputs } from './fixtures.js';
import { maxAbsDiff, probePython, runPython, table } from './python.js';

const tolerance = 1e-5;

function makeOptimizer(c: TrajectoryCase, params: Parameter[]): Optimizer {
  // the case's options are chainrule's option names; the optimizers reject unknown ones
  if (c.optimizer === 'sgd') return sgd(params, c.options as Partial<SgdOptions>);
  const o = c.options as Partial<AdamOptions>;
  return c.optimizer === 'adam' ? adam(params, o) : adamw(params, o);
}

interface CaseResult {
  name: string;
  /** chainrule vs torch float32: max over steps and parameters. */
  vsTorch32: number;
  step1: number;
  vsTorch64: number;
  torch32vs64: number;
  loss: number;
  /** How far training moved the weights (max |w_T − w_0|): the scale the differences sit on. */
  moved: number;
  worstAt: string;
}

function runCase(
  c: TrajectoryCase,
  index: number,
  dir: string,
  inputs: ReturnType<typeof writeTrajectoryInputs>,
): CaseResult {
  const torch = readSafetensors(path.join(dir, `torch-${index}.safetensors`)).tensors;
  const { config, init, batches } = inputs;
  const model = modelFromDescription(config.description, init);
  const named = model.namedParameters();
  const optimizer = makeOptimizer(
    c,
    named.map(([, p]) => p),
  );
  const r: CaseResult = {
    name: c.name,
    vsTorch32: 0,
    step1: 0,
    vsTorch64: 0,
    torch32vs64: 0,
    loss: 0,
    moved: 0,
    worstAt: '',
  };
  const loss32 = torch['f32/loss'].data;
  for (let t = 0; t < config.steps; t++) {
    const x = stepSlice(batches.x, t);
    const labels = stepSlice(batches.labels, t);
    const targets = stepSlice(batches.targets, t);
    optimizer.zeroGrad();
    const loss = lossOf(c.loss, model.forward(x), labels, targets);
    loss.backward();
    optimizer.step();
    r.loss = Math.max(r.loss, Math.abs(loss.item() - loss32[t]));
    for (const [name, p] of named) {
      const w32 = torch[`f32/${t + 1}/${name}`].data;
      const w64 = torch[`f64/${t + 1}/${name}`].data;
      const d = maxAbsDiff(p.data, w32);
      if (!(d <= r.vsTorch32)) {
        r.vsTorch32 = d;
        r.worstAt = `step ${t + 1}, ${name}`;
      }
      if (t === 0) r.step1 = Math.max(r.step1, d);
      r.vsTorch64 = Math.max(r.vsTorch64, maxAbsDiff(p.data, w64));
      r.torch32vs64 = Math.max(r.torch32vs64, maxAbsDiff(w32, w64));
    }
  }
  for (const [name, p] of named) r.moved = Math.max(r.moved, maxAbsDiff(p.data, init[name].data));
  return r;
}

function main(): number {
  const probe = probePython();
  if (!probe.ok) {
    console.log(`skipped: ${probe.reason}`);
    return 0;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainrule-trajectories-'));
  try {
    const inputs = writeTrajectoryInputs(dir);
    const { config } = inputs;
    runPython(probe.python, 'torch_trajectories.py', [dir]);
    console.log(
      `trajectories: MLP 20-32-16-4 (tanh, relu), ${config.steps} steps of batch ${config.batch}, ` +
        `chainrule backend ${backendInfo().backend}; ` +
        `peer ${probe.python}: ${probe.versions}`,
    );
    const rows = [
      [
        'case',
        'max|Δw| vs torch',
        'step 1',
        'vs torch f64',
        'torch f32 vs f64',
        'max|Δloss|',
        `max|w${config.steps}−w0|`,
        'result',
      ],
    ];
    let failed = 0;
    const fmt = (v: number) => v.toExponential(2);
    const results: CaseResult[] = [];
    config.cases.forEach((c, i) => {
      const r = runCase(c, i, dir, inputs);
      results.push(r);
      const ok = r.vsTorch32 <= tolerance;
      if (!ok) failed++;
      rows.push([
        r.name,
        fmt(r.vsTorch32),
        fmt(r.step1),
        fmt(r.vsTorch64),
        fmt(r.torch32vs64),
        fmt(r.loss),
        fmt(r.moved),
        ok ? 'PASS' : 'FAIL',
      ]);
    });
    console.log(table(rows));
    for (const r of results)
      if (r.vsTorch32 > tolerance) console.log(`  ${r.name}: largest difference at ${r.worstAt}`);
    console.log(
      failed === 0
        ? `all ${results.length} trajectories agree with torch within 1e-5`
        : `FAILED: ${failed} of ${results.length} trajectories differ from torch by more than 1e-5`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();
