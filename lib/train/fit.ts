// fit() and fitSync(): one training loop (loop.ts), two drivers. fit() keeps the event loop
// running: between batches it yields (setImmediate) whenever ~yieldEveryMs of work has passed
// since the last yield, so an HTTP server in the same process keeps answering while the
// overhead stays a few microseconds per yield.
import type { Module } from '../nn/module.js';
import type { History } from './callbacks.js';
import { type BatchStream, isStream, type XY } from './data.js';
import { type Loop, trainLoop } from './loop.js';
import { type FitOptions, resolvePlan } from './options.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains `model` on `data` ({ x, y } in memory, or a stream of { x, y } batches). Resolves to the history. */
export async function fit(model: Module, data: XY | BatchStream, options: FitOptions = {}): Promise<History> {
  const plan = resolvePlan('fit', model, data, options);
  const loop: Loop = trainLoop(model, plan, options);
  let last = performance.now();
  let r = loop.next();
  while (!r.done) {
    const step = r.value;
    if (step !== undefined) {
      let settled: unknown;
      try {
        settled = await step;
      } catch (err) {
        r = loop.throw(err);
        continue;
      }
      last = performance.now();
      r = loop.next(settled);
      continue;
    }
    const now = performance.now();
    if (now - last >= plan.yieldEveryMs) {
      await nextTurn();
      last = performance.now();
    }
    r = loop.next();
  }
  return r.value;
}

/** fit() without the event loop: for plain scripts. Streams must be synchronous iterables. */
export function fitSync(model: Module, data: XY | BatchStream, options: FitOptions = {}): History {
  if (isStream(data) && typeof data !== 'function' && Symbol.asyncIterator in (data as object)) {
    throw new TypeError('fitSync: an async iterable cannot be read synchronously; use await fit(…) for streams');
  }
  const plan = resolvePlan('fitSync', model, data, options);
  const loop = trainLoop(model, plan, options);
  let r = loop.next();
  while (!r.done) {
    if (r.value !== undefined) {
      const err = new TypeError('fitSync: the stream returned a promise; use await fit(…) for async streams');
      r = loop.throw(err);
      continue;
    }
    r = loop.next();
  }
  return r.value;
}
