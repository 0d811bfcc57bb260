// await fit() leaves the event loop running: an HTTP server in this process answers while
// training goes on. The run is stopped by the client finishing (not by a clock), and each
// answer must come while fit() is still running, with training steps made between answers.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Dense, Sequential } from '../../lib/nn/index.js';
import { manualSeed, random } from '../../lib/random.js';
import { fit } from '../../lib/train/index.js';

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('fit and the event loop', () => {
  it('an HTTP server in the same process answers throughout training', async () => {
    manualSeed(0);
    const n = 256;
    const x = { data: Float32Array.from({ length: n * 20 }, () => random()), shape: [n, 20] as [number, number] };
    const y = { data: Float32Array.from({ length: n }, (_, i) => i % 2), shape: [n, 1] as [number, number] };
    const model = new Sequential(
      new Dense(20, 64, { activation: 'relu' }),
      new Dense(64, 64, { activation: 'relu' }),
      new Dense(64, 2),
    );
    let batches = 0;
    let training = false;
    let clientDone = false;
    const server = http.createServer((_req, res) => res.end(JSON.stringify({ batches, training })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const requests = 8;
    const answers: { batches: number; training: boolean }[] = [];
    const client = (async () => {
      while (!training) await new Promise((r) => setImmediate(r));
      for (let i = 0; i < requests; i++) answers.push(JSON.parse(await get(port)));
      clientDone = true;
    })();
    try {
      training = true;
      const history = await fit(
        model,
        { x, y },
        {
          epochs: 5000, // an upper bound: the client's last answer ends the run long before
          batchSize: 32,
          verbose: 0,
          callbacks: [
            {
              onBatchEnd: (_b, _logs, ctx) => {
                batches++;
                if (clientDone) ctx.stopTraining = true;
              },
            },
          ],
        },
      );
      training = false;
      await client;
      expect(history.epoch.length).toBeLessThan(5000);
    } finally {
      server.close();
    }
    expect(answers).toHaveLength(requests);
    for (const a of answers) expect(a.training).toBe(true);
    // training advanced between consecutive answers: the loop yields, it does not stall
    for (let i = 1; i < requests; i++) expect(answers[i].batches).toBeGreaterThan(answers[i - 1].batches);
  });
});
