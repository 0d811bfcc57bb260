// Options objects are checked, not trusted: an unknown key is an error that suggests the
// nearest valid one ("fit: unknown option 'learningRate'; did you mean 'lr'?"), so a typo
// never trains silently with the defaults.
import { describe } from './shape.js';

/** Names people carry over from other libraries, mapped to ours. */
const synonyms: Record<string, string> = {
  learningrate: 'lr',
  learnrate: 'lr',
  batch: 'batchSize',
  nepochs: 'epochs',
  numepochs: 'epochs',
  optim: 'optimizer',
  lossfn: 'loss',
  lossfunction: 'loss',
  requiresgradient: 'requiresGrad',
};

const fold = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return prev[b.length];
}

/** The valid name a misspelt one most likely meant, or null when none is close. */
export function nearest(name: string, known: readonly string[]): string | null {
  const folded = fold(name);
  const exact = known.find((k) => fold(k) === folded);
  if (exact !== undefined) return exact;
  const synonym = synonyms[folded];
  if (synonym !== undefined && known.includes(synonym)) return synonym;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(folded, fold(k));
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

/**
 * Throws when `options` is not a plain options object or has a key outside `known`; the
 * message names the op, the key, the nearest valid key, and the valid keys.
 */
export function checkOptions(op: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${op}: expected an options object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const guess = nearest(key, known);
    const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key;
    throw new RangeError(
      `${op}: unknown option '${shown}'${guess ? `; did you mean '${guess}'?` : ''} (expected one of ${known.join(', ')})`,
    );
  }
}

/**
 * A compile-time check that a key list names every option of T: assigning the list to
 * `OptionKeys<T, typeof list>` fails to type-check, naming the key, when T gains an option
 * the list lacks.
 */
export type OptionKeys<T, K extends readonly PropertyKey[]> =
  Exclude<keyof T, K[number]> extends never ? K : { missingOptionKeys: Exclude<keyof T, K[number]> };
