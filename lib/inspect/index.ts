// chainrule/inspect: seeing backprop — graph drawings, explained backward passes, gradient
// flow and vanishing-gradient reports, the notes' δ view, and finite-difference checks.
export { type GradcheckOptions, type GradcheckResult, gradcheck, jacobian } from './gradcheck.js';
export { formatNumber, formatTensor, l2norm, summarize, type ValueSummary } from './format.js';
export { type DotHighlight, type DotOptions, gateSymbol, toDot } from './dot.js';
export { graphTensors, tensorNames, toSVG } from './graph.js';
export { type Lang, langs, words } from './words.js';
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
export {
  type LectureGraph,
  lectureGraph,
  lectureDotOptions,
  lectureGraphByName,
  lectureGraphs,
  sigmoidChain,
  maxGate,
  sigmoidNeuron,
  sigmoidNeuronExpanded,
  tinyMlp,
} from './lectures.js';
export { lineChart, type LineChartOptions, lineChartSpec, type LinePoint, renderVegaLite } from './charts.js';
export { type DeltasOptions, type DeltasReport, deltas, type LayerDelta } from './deltas.js';
export {
  type CallbackContext,
  type DataLike,
  formatGradientFlow,
  gradientFlow,
  gradientFlowCallback,
  type GradientFlowCallbackOptions,
  gradientFlowChart,
  type GradientFlowOptions,
  type GradientFlowRecord,
  type GradientFlowReport,
  type LayerFlow,
  type LossSpec,
} from './flow.js';
export { type DenseStep, flattenLayers, walkDense } from './model-walk.js';
export {
  formatVanishing,
  type VanishingActivation,
  vanishingActivations,
  vanishingChart,
  vanishingGradients,
  type VanishingInit,
  vanishingInits,
  type VanishingOptions,
  type VanishingReport,
} from './vanishing.js';
