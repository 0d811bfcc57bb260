// The minimal structural parameter the optimizers need. The engine's Tensor satisfies it
// (data: Float32Array, grad: Tensor | null), and so does any plain object of that shape,
// which keeps lib/optim free of a dependency on the autograd engine.

export interface Parameter {
  shape: readonly number[];
  data: Float32Array;
  grad: { data: Float32Array } | null;
  name?: string;
}

/** A parameter group as given by the user: its parameters plus any options overriding the defaults. */
export type ParamGroupInput<O> = { params: Iterable<Parameter> } & Partial<O>;

/** What an optimizer is constructed from: the parameters, or a list of parameter groups. */
export type ParamsInput<O> = Iterable<Parameter> | ParamGroupInput<O>[];

/**
 * A live parameter group: the parameters and this group's full set of options. Options are
 * plain mutable fields, so a scheduler sets `group.lr` and the next step() uses it.
 * `initialLr` is set by the first scheduler attached (PyTorch's 'initial_lr').
 */
export type ParamGroup<O> = O & { params: Parameter[]; initialLr?: number };

/** Per-parameter optimizer state: a step count and moment buffers (null until first needed). */
export type ParamState = Record<string, number | Float32Array | null>;
