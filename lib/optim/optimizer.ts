// The optimizer base: parameter groups with their own options, lazily created per-parameter
// state, step() over every parameter that has a gradient, and a JSON-able state dict that
// round-trips exactly (PyTorch's torch.optim.Optimizer, in TypeScript).
import { checkKnownKeys, show } from './check.js';
import { decodeFloat32, type EncodedFloat32, encodeFloat32, isEncodedFloat32 } from './encode.js';
import type { Parameter, ParamGroup, ParamGroupInput, ParamsInput, ParamState } from './types.js';

/** Options every optimizer has; the rest are per algorithm. */
export interface BaseOptions {
  lr: number;
}

/**
 * Checks a full set of options (defaults merged with overrides); throws "<op>: expected …".
 * Written as a method type so it is bivariant: an Adam is then assignable to Optimizer.
 */
export type OptionsCheck<O> = { check(op: string, options: O): void }['check'];

/** What stateDict() returns: plain JSON (moment buffers as base64 float32, bit exact). */
export interface OptimizerStateDict {
  optimizer: string;
  /** Keyed by the parameter's index over all groups in order, as PyTorch does. */
  state: Record<string, Record<string, number | EncodedFloat32 | null>>;
  paramGroups: Array<Record<string, unknown> & { params: number[] }>;
}

/** Defaults merged with overrides, checked: the shared path of constructors and unbound specs. */
export function resolveOptions<O extends BaseOptions>(
  op: string,
  defaults: Readonly<O>,
  overrides: object | undefined,
  check: OptionsCheck<O>,
  allowInitialLr = false,
): O {
  // a group may carry the 'initialLr' a scheduler left on it (PyTorch's initial_lr)
  checkKnownKeys(op, overrides ?? {}, [...Object.keys(defaults), ...(allowInitialLr ? ['initialLr'] : [])]);
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults)) merged[key] = copyOption(value);
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) merged[key] = copyOption(value);
  }
  check(op, merged as O);
  return merged as O;
}

function copyOption(v: unknown): unknown {
  return Array.isArray(v) ? [...v] : v; // betas: the group owns its own array
}

/** True for a parameter list or list of groups; false for an options object (the unbound form). */
export function isParamsInput<O>(x: unknown): x is ParamsInput<O> {
  return typeof x === 'object' && x !== null && typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function isGroupList<O>(params: ParamsInput<O>): params is ParamGroupInput<O>[] {
  return Array.isArray(params) && params.length > 0 && params.every((g) => typeof g === 'object' && g && 'params' in g);
}

function describe(p: Parameter, index: number): string {
  return p.name ? `parameter ${index} ('${p.name}')` : `parameter ${index}`;
}

export abstract class Optimizer<
  O extends BaseOptions = BaseOptions,
  S extends ParamState = ParamState,
> implements OptimizerLike {
  readonly paramGroups: ParamGroup<O>[] = [];
  /** The options groups start from: the algorithm's defaults with the constructor's options. */
  readonly defaults: Readonly<O>;
  protected readonly state = new Map<Parameter, S>();

  protected constructor(
    /** The factory's name, used in errors and state dicts: 'sgd', 'adam', … */
    readonly name: string,
    params: ParamsInput<O>,
    baseDefaults: Readonly<O>,
    options: Partial<O> | undefined,
    private readonly check: OptionsCheck<O>,
  ) {
    this.defaults = Object.freeze(resolveOptions(name, baseDefaults, options, check));
    if (!isParamsInput(params))
      throw new Error(`${name}: expected an array of parameters or parameter groups, got ${show(params)}`);
    const groups = isGroupList(params) ? params : [{ params } as ParamGroupInput<O>];
    for (const g of groups) this.addParamGroup(g);
    if (this.parameters().length === 0) throw new Error(`${name}: expected at least one parameter, got none`);
  }

  /** Adds a group of parameters with its own options (the rest from the defaults). */
  addParamGroup(input: ParamGroupInput<O>): void {
    const { params, ...overrides } = input;
    if (!isParamsInput(params))
      throw new Error(`${this.name}: expected group.params to be an array of parameters, got ${show(params)}`);
    const list = [...params];
    const seen = new Set(this.parameters());
    list.forEach((p, i) => {
      if (!p || !(p.data instanceof Float32Array)) {
        throw new Error(`${this.name}: expected parameters with data: Float32Array, got ${show(p)} at index ${i}`);
      }
      if (seen.has(p)) {
        throw new Error(`${this.name}: expected each parameter in one group once, got ${describe(p, i)} again`);
      }
      seen.add(p);
    });
    const options = resolveOptions(this.name, this.defaults, overrides, this.check, true);
    this.paramGroups.push({ ...options, params: list });
  }

  /** Every parameter, in group order (the indexing of stateDict). */
  parameters(): Parameter[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /**
   * One update of every parameter whose grad is not null, each with its group's options.
   * With a closure (which re-evaluates the loss and runs backward), returns its loss.
   */
  step(closure?: () => number): number | undefined {
    const loss = closure?.();
    let index = 0;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const grad = p.grad;
        if (grad != null) {
          if (grad.data.length !== p.data.length) {
            throw new Error(
              `${this.name}.step: expected the grad of ${describe(p, index)} to have ${p.data.length} elements, got ${grad.data.length}`,
            );
          }
          this.update(p, grad.data, this.stateOf(p), group);
        }
        index++;
      }
    }
    return loss;
  }

  /**
   * Clears every gradient: by default sets grad to null (PyTorch's set_to_none=True — the next
   * backward allocates fresh and parameters without a gradient are skipped by step()); with
   * setToNone = false, fills the existing gradients with zeros in place instead.
   */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (p.grad == null) continue;
      if (setToNone) p.grad = null;
      else p.grad.data.fill(0);
    }
  }

  /** A fresh, JSON-able copy of the state: group options and per-parameter moments/steps. */
  stateDict(): OptimizerStateDict {
    const state: OptimizerStateDict['state'] = {};
    const paramGroups: OptimizerStateDict['paramGroups'] = [];
    let index = 0;
    for (const group of this.paramGroups) {
      const { params, ...options } = group;
      const indices: number[] = [];
      for (const p of params) {
        const s = this.state.get(p);
        if (s) {
          const entry: Record<string, number | EncodedFloat32 | null> = {};
          for (const [key, value] of Object.entries(s)) {
            entry[key] = value instanceof Float32Array ? encodeFloat32(value) : value;
          }
          state[String(index)] = entry;
        }
        indices.push(index++);
      }
      paramGroups.push({ ...JSON.parse(JSON.stringify(options)), params: indices });
    }
    return { optimizer: this.name, state, paramGroups };
  }

  /** Restores a stateDict() (possibly through JSON): options and moments; the next step continues exactly. */
  loadStateDict(dict: OptimizerStateDict): void {
    const op = `${this.name}.loadStateDict`;
    if (dict?.optimizer !== this.name) {
      throw new Error(`${op}: expected a state dict saved by ${this.name}, got one saved by ${show(dict?.optimizer)}`);
    }
    if (!Array.isArray(dict.paramGroups) || dict.paramGroups.length !== this.paramGroups.length) {
      throw new Error(`${op}: expected ${this.paramGroups.length} parameter groups, got ${dict.paramGroups?.length}`);
    }
    // Check everything before changing anything: a bad dict leaves the optimizer as it was.
    const options = dict.paramGroups.map((saved, gi) => {
      const { params, ...rest } = saved;
      const live = this.paramGroups[gi].params.length;
      if (!Array.isArray(params) || params.length !== live) {
        throw new Error(`${op}: expected group ${gi} to have ${live} parameters, got ${params?.length}`);
      }
      return resolveOptions(op, this.defaults, rest, this.check, true);
    });
    const all = this.parameters();
    const loaded = new Map<Parameter, S>();
    for (const [key, saved] of Object.entries(dict.state ?? {})) {
      const index = Number(key);
      const p = all[index];
      if (!p) throw new Error(`${op}: expected state for parameters 0..${all.length - 1}, got state for '${key}'`);
      loaded.set(p, this.decodeState(op, p, index, saved));
    }
    options.forEach((o, gi) => Object.assign(this.paramGroups[gi], o));
    this.state.clear();
    for (const [p, s] of loaded) this.state.set(p, s);
  }

  /**
   * The saved entries must have exactly the fields of a fresh state: numbers where it has numbers,
   * buffers of the parameter's size where it has buffers; where it has null, null or a buffer.
   */
  private decodeState(
    op: string,
    p: Parameter,
    index: number,
    saved: Record<string, number | EncodedFloat32 | null>,
  ): S {
    const template = this.initState(p);
    const where = `${op}: ${describe(p, index)}`;
    checkKnownKeys(where, saved, Object.keys(template));
    const out: ParamState = {};
    for (const [key, fresh] of Object.entries(template)) {
      const value = saved[key];
      if (typeof fresh === 'number') {
        if (typeof value !== 'number') throw new Error(`${where}: expected ${key} to be a number, got ${show(value)}`);
        out[key] = value;
      } else if (value === null && fresh === null) {
        // a buffer the update allocates on first use (momentum, amsgrad, centered)
        out[key] = null;
      } else if (isEncodedFloat32(value) && value.length === p.data.length) {
        out[key] = decodeFloat32(value, `${where}.${key}`);
      } else {
        const got = isEncodedFloat32(value) ? `${value.length} elements` : show(value);
        throw new Error(`${where}: expected ${key} to hold ${p.data.length} float32 elements, got ${got}`);
      }
    }
    return out as S;
  }

  private stateOf(p: Parameter): S {
    let s = this.state.get(p);
    if (s === undefined) {
      s = this.initState(p);
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * A parameter's state before its first step. Buffers that only some options use are null here
   * and allocated by update() on first use, so a state never depends on the options it was made with.
   */
  protected abstract initState(p: Parameter): S;

  /** One step of one parameter: tight loops over Float32Array, no allocation. */
  protected abstract update(p: Parameter, grad: Float32Array, state: S, group: ParamGroup<O>): void;
}

/** Parameters or groups with any options: what an unbound spec accepts. */
export type AnyParamsInput = ParamsInput<Record<string, unknown>>;

/** The public face of every optimizer, whatever its options type: what fit() and schedulers hold. */
export interface OptimizerLike {
  readonly name: string;
  readonly paramGroups: ParamGroup<BaseOptions>[];
  step(closure?: () => number): number | undefined;
  zeroGrad(setToNone?: boolean): void;
  parameters(): Parameter[];
  stateDict(): OptimizerStateDict;
  loadStateDict(dict: OptimizerStateDict): void;
}

/** An optimizer chosen but not yet given parameters: `optim.adam({ lr: 1e-3 })`, bound later by fit(). */
export interface OptimizerSpec<T extends OptimizerLike = OptimizerLike> {
  readonly kind: 'optimizerSpec';
  readonly name: string;
  /** The checked options the optimizer will be constructed with. */
  readonly options: Readonly<Record<string, unknown>>;
  bind(params: AnyParamsInput): T;
}

export function isOptimizerSpec(x: unknown): x is OptimizerSpec {
  return typeof x === 'object' && x !== null && (x as OptimizerSpec).kind === 'optimizerSpec';
}

/** The unbound form of a factory: options are checked now, so mistakes surface where they are made. */
export function optimizerSpec<O extends BaseOptions, T extends OptimizerLike>(
  name: string,
  defaults: Readonly<O>,
  options: Partial<O> | undefined,
  check: OptionsCheck<O>,
  construct: (params: ParamsInput<O>, options: Partial<O>) => T,
): OptimizerSpec<T> {
  const resolved = resolveOptions(name, defaults, options, check);
  return Object.freeze({
    kind: 'optimizerSpec' as const,
    name,
    options: Object.freeze({ ...resolved }),
    bind: (params: AnyParamsInput) => construct(params as ParamsInput<O>, { ...options } as Partial<O>),
  });
}
