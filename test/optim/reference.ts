// The published update rules (torch.optim docs' pseudo-code), written out per element in
// float64 for the tests — independent of lib/optim: no shared code, a different loop shape.
// Each takes θ₀ and the gradient of every step and returns θ after each step.

export type Trajectory = number[][];

function run(theta0: number[], grads: number[][], update: (theta: number[], g: number[], t: number) => void) {
  const theta = [...theta0];
  const out: Trajectory = [];
  grads.forEach((g, step) => {
    update(theta, g, step + 1);
    out.push([...theta]);
  });
  return out;
}

export interface SgdRef {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  maximize?: boolean;
}

export function sgdReference(theta0: number[], grads: number[][], o: SgdRef): Trajectory {
  const { lr, momentum: mu = 0, dampening: tau = 0, nesterov = false, weightDecay: lambda = 0 } = o;
  const b = theta0.map(() => 0);
  return run(theta0, grads, (theta, grad, t) => {
    for (let j = 0; j < theta.length; j++) {
      let g = o.maximize ? -grad[j] : grad[j];
      if (lambda !== 0) g = g + lambda * theta[j];
      if (mu !== 0) {
        b[j] = t > 1 ? mu * b[j] + (1 - tau) * g : g;
        g = nesterov ? g + mu * b[j] : b[j];
      }
      theta[j] = theta[j] - lr * g;
    }
  });
}

export interface AdamRef {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad?: boolean;
  maximize?: boolean;
  /** AdamW: θ ← θ − γλθ before the step, λ not added to g. */
  decoupled?: boolean;
}

export function adamReference(theta0: number[], grads: number[][], o: AdamRef): Trajectory {
  const m = theta0.map(() => 0);
  const v = theta0.map(() => 0);
  const vMax = theta0.map(() => 0);
  return run(theta0, grads, (theta, grad, t) => {
    for (let j = 0; j < theta.length; j++) {
      let g = o.maximize ? -grad[j] : grad[j];
      if (o.decoupled) theta[j] = theta[j] - o.lr * o.weightDecay * theta[j];
      else g = g + o.weightDecay * theta[j];
      m[j] = o.beta1 * m[j] + (1 - o.beta1) * g;
      v[j] = o.beta2 * v[j] + (1 - o.beta2) * g * g;
      const mHat = m[j] / (1 - Math.pow(o.beta1, t));
      // AMSGrad as PyTorch's code does it (the running max of the raw v, then the current
      // bias correction) — its docs' pseudo-code takes the max after correction: pytorch#142323.
      vMax[j] = Math.max(vMax[j], v[j]);
      const vHat = (o.amsgrad ? vMax[j] : v[j]) / (1 - Math.pow(o.beta2, t));
      theta[j] = theta[j] - (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    }
  });
}

export interface RmspropRef {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
}

export function rmspropReference(theta0: number[], grads: number[][], o: RmspropRef): Trajectory {
  const v = theta0.map(() => 0);
  const gAve = theta0.map(() => 0);
  const b = theta0.map(() => 0);
  return run(theta0, grads, (theta, grad) => {
    for (let j = 0; j < theta.length; j++) {
      const g = grad[j] + o.weightDecay * theta[j];
      v[j] = o.alpha * v[j] + (1 - o.alpha) * g * g;
      let vTilde = v[j];
      if (o.centered) {
        gAve[j] = gAve[j] * o.alpha + (1 - o.alpha) * g;
        vTilde = vTilde - gAve[j] * gAve[j];
      }
      if (o.momentum > 0) {
        b[j] = o.momentum * b[j] + g / (Math.sqrt(vTilde) + o.eps);
        theta[j] = theta[j] - o.lr * b[j];
      } else {
        theta[j] = theta[j] - (o.lr * g) / (Math.sqrt(vTilde) + o.eps);
      }
    }
  });
}

export interface AdagradRef {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
}

export function adagradReference(theta0: number[], grads: number[][], o: AdagradRef): Trajectory {
  const stateSum = theta0.map(() => o.initialAccumulatorValue);
  return run(theta0, grads, (theta, grad, t) => {
    const gammaTilde = o.lr / (1 + (t - 1) * o.lrDecay);
    for (let j = 0; j < theta.length; j++) {
      const g = grad[j] + o.weightDecay * theta[j];
      stateSum[j] = stateSum[j] + g * g;
      theta[j] = theta[j] - (gammaTilde * g) / (Math.sqrt(stateSum[j]) + o.eps);
    }
  });
}

export interface AdadeltaRef {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
}

export function adadeltaReference(theta0: number[], grads: number[][], o: AdadeltaRef): Trajectory {
  const v = theta0.map(() => 0);
  const u = theta0.map(() => 0);
  return run(theta0, grads, (theta, grad) => {
    for (let j = 0; j < theta.length; j++) {
      const g = grad[j] + o.weightDecay * theta[j];
      v[j] = v[j] * o.rho + g * g * (1 - o.rho);
      const dx = (Math.sqrt(u[j] + o.eps) / Math.sqrt(v[j] + o.eps)) * g;
      u[j] = u[j] * o.rho + dx * dx * (1 - o.rho);
      theta[j] = theta[j] - o.lr * dx;
    }
  });
}
