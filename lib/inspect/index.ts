// chainrule/inspect: seeing backprop — graph drawings, explained backward passes, gradient
// flow and vanishing-gradient reports, the notes' δ view, and finite-difference checks.
export { type GradcheckOptions, type GradcheckResult, gradcheck, jacobian } from './gradcheck.js';
export { formatNumber, formatTensor, l2norm, summarize, type ValueSummary } from './format.js';
export { type DotOptions, graphTensors, tensorNames, toDot, toSVG } from './graph.js';
export { gateRole, localFormula, localGradient } from './gates.js';
export {
  type BackwardExplanation,
  type BackwardStep,
  type ExplainOptions,
  explainBackward,
  type InputStep,
  type LeafGradient,
  type PathContribution,
} from './explain.js';
