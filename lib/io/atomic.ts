// Atomic file replacement: write a temporary file in the target's directory, fsync it,
// rename it over the target, fsync the directory. rename(2) within one filesystem is
// atomic, so a reader (or a crash) sees the old file or the new one, never half of one;
// the fsyncs order the data before the rename on disk (ext4/xfs with default options).
import * as nodeFs from 'node:fs';
import * as path from 'node:path';

/** The sync fs calls writeFileAtomic makes; tests pass a wrapper to inject faults. */
export type AtomicFs = Pick<
  typeof nodeFs,
  'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync'
>;

let counter = 0;

/** `.<name>.<pid>.<n>.tmp` next to the target: same filesystem, hidden, unique per process. */
export function temporaryName(target: string): string {
  counter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
}

/**
 * Replaces `target` with `chunks` (written in order, never concatenated). On any failure
 * the temporary file is removed and `target` is left as it was; the error is rethrown.
 */
export function writeFileAtomic(
  target: string,
  chunks: Uint8Array | readonly Uint8Array[],
  fs: AtomicFs = nodeFs,
): void {
  const parts = chunks instanceof Uint8Array ? [chunks] : chunks;
  const tmp = temporaryName(target);
  let fd: number | null = fs.openSync(tmp, 'wx', 0o644); // wx: never clobber a stranger's file
  try {
    for (const part of parts) {
      let written = 0;
      while (written < part.length) written += fs.writeSync(fd, part, written, part.length - written);
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, target);
  } catch (err) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {}
    }
    try {
      fs.unlinkSync(tmp);
    } catch {}
    throw err;
  }
  fsyncDirectory(path.dirname(target));
}

/** Makes a rename durable. Some platforms (Windows) cannot open or fsync a directory: skip there. */
function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = nodeFs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    nodeFs.fsyncSync(fd);
  } catch {
    // EINVAL/EISDIR/EPERM on filesystems that do not support it: the rename still happened.
  } finally {
    nodeFs.closeSync(fd);
  }
}
