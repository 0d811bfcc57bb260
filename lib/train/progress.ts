// Progress output for fit(): on a terminal a cli-progress bar per epoch (loss, metrics,
// samples/s, ETA); in logs (not a TTY, or CI set) one plain line per epoch. verbose 0 is
// silent, 1 is the bar (or lines), 2 one line per epoch even on a terminal.
import { SingleBar } from 'cli-progress';
import type { Logs } from './metrics.js';

export type Verbosity = 0 | 1 | 2;

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => `${k} ${k === 'lr' ? String(Number(v.toPrecision(4))) : formatNumber(v)}`)
    .join('  ');
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

export class Progress {
  private bar: SingleBar | null = null;
  private readonly useBar: boolean;
  private epochStart = 0;

  constructor(
    private readonly verbose: Verbosity,
    private readonly epochs: number,
    private readonly stream: ProgressStream = process.stdout,
  ) {
    this.useBar = verbose === 1 && stream.isTTY === true && !process.env.CI;
  }

  epochBegin(epoch: number, samples: number | null): void {
    this.epochStart = performance.now();
    if (!this.useBar || samples === null) return;
    this.bar = new SingleBar({
      format: `epoch ${epoch + 1}/${this.epochs} [{bar}] {value}/{total} | {logs} | {rate} samples/s | ETA {eta_formatted}`,
      stream: this.stream as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 24,
      etaBuffer: 50,
      fps: 10,
    });
    this.bar.start(samples, 0, { logs: '', rate: '-' });
  }

  /** True while a bar is showing (per-batch logs are only computed then). */
  get active(): boolean {
    return this.bar !== null;
  }

  batchEnd(seen: number, logs: Logs): void {
    if (!this.bar) return;
    const seconds = (performance.now() - this.epochStart) / 1000;
    this.bar.update(seen, { logs: formatLogs(logs), rate: seconds > 0 ? Math.round(seen / seconds) : '-' });
  }

  epochEnd(epoch: number, logs: Logs, samples: number): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = null;
    }
    if (this.verbose === 0) return;
    const seconds = (performance.now() - this.epochStart) / 1000;
    const rate = seconds > 0 ? Math.round(samples / seconds) : 0;
    const width = String(this.epochs).length;
    this.stream.write(
      `epoch ${String(epoch + 1).padStart(width)}/${this.epochs}  ${formatLogs(logs)}  ${rate} samples/s  ${seconds.toFixed(2)}s\n`,
    );
  }

  message(line: string): void {
    if (this.verbose > 0) this.stream.write(`${line}\n`);
  }
}
