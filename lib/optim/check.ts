import { checkOptions } from '../options.js';

// Option checks shared by the optimizers, schedulers and clipping. Every message names the
// op, what was expected and what came: "sgd: expected lr > 0, got -0.1".

/** A value as it should read in an error message: numbers as JS prints them (NaN, -0.1, Infinity). */
export function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

export function checkPositive(op: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
    throw new Error(`${op}: expected ${name} > 0, got ${show(v)}`);
}

export function checkNonNegative(op: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
    throw new Error(`${op}: expected ${name} >= 0, got ${show(v)}`);
  }
}

/** v in [0, 1) — betas, momentum coefficients of a running average. */
export function checkUnitInterval(op: string, name: string, v: unknown, closed = false): void {
  const ok = typeof v === 'number' && v >= 0 && (closed ? v <= 1 : v < 1);
  if (!ok) throw new Error(`${op}: expected ${name} in [0, 1${closed ? ']' : ')'}, got ${show(v)}`);
}

export function checkBoolean(op: string, name: string, v: unknown): void {
  if (typeof v !== 'boolean') throw new Error(`${op}: expected ${name} to be true or false, got ${show(v)}`);
}

export function checkPositiveInteger(op: string, name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new Error(`${op}: expected ${name} to be an integer >= 1, got ${show(v)}`);
  }
}

export function checkOneOf(op: string, name: string, v: unknown, allowed: readonly string[]): void {
  if (typeof v !== 'string' || !allowed.includes(v)) {
    throw new Error(`${op}: expected ${name} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(v)}`);
  }
}

/** Rejects misspelt options ({ beta1: 0.9 } for adam) instead of silently ignoring them. */
export function checkKnownKeys(op: string, options: object, known: readonly string[]): void {
  checkOptions(op, options, known);
}
