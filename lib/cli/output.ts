// Small helpers shared by the CLI commands: one clear line for a bad example name or an
// output file that cannot be written, instead of a bare ENOENT or a prototype-key lookup.
import { writeFileSync } from 'node:fs';
import { lectureGraphs } from '../inspect/lectures.js';

/** Throws `<command>: unknown example …` unless `name` is one of the worked examples. */
export function checkExample(command: string, name: string): void {
  // Object.hasOwn: `toString` or `constructor` must not pass as an example name.
  if (!Object.hasOwn(lectureGraphs, name)) {
    throw new Error(`${command}: unknown example '${name}'; expected one of ${Object.keys(lectureGraphs).join(', ')}`);
  }
}

/** writeFileSync with the command, the path and the reason in the error. */
export function writeOutput(command: string, file: string, content: string): void {
  try {
    writeFileSync(file, content);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`${command}: cannot write -o ${file}: ${reason}`);
  }
}
