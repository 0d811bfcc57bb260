// Every op, one file each (forward above its VJP).
export { abs } from './abs.js';
export {
  activation,
  elu,
  gelu,
  leakyRelu,
  relu,
  sigmoid,
  softplus,
  tanh,
} from './activations.js';
export { add } from './add.js';
export { clamp } from './clamp.js';
export { concat } from './concat.js';
export { dense } from './dense.js';
export { div } from './div.js';
export { exp } from './exp.js';
export { log } from './log.js';
export { matmul } from './matmul.js';
export { maximum, minimum } from './maximum.js';
export { mul } from './mul.js';
export { neg } from './neg.js';
export { permute, transpose } from './permute.js';
export { pow } from './pow.js';
export { max, mean, min, sum } from './reduce.js';
export { reshape } from './reshape.js';
export { indexSelect, slice } from './slice.js';
export { logSoftmax, softmax } from './softmax.js';
export { sqrt } from './sqrt.js';
export { sub } from './sub.js';
