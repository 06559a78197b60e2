// @vigie/ml — detectors, RUL models, metrics and calibration: pure TypeScript, seeded, no I/O.
export * from './errors';
export * from './random';
export * from './linalg/matrix';
export * from './linalg/eigen';
export * from './linalg/scaler';
export * from './detectors/detector';
export * from './detectors/registry';
export * from './detectors/ecod';
export * from './detectors/pca';
export * from './detectors/iforest';
export { averagePathLength } from './detectors/isolation-tree';
export * from './detectors/ocsvm';
export * from './detectors/autoencoder';
export { initNnBackend, type NnBackendName, type NnBackendOptions } from './nn/backend';
export * from './detectors/mset';
export * from './scoring/metrics';
export * from './scoring/normalize';
export * from './scoring/pot';
export * from './scoring/criticality';
export * from './scoring/hysteresis';
export * from './scoring/contributions';
export * from './scoring/ensemble';
export * from './scoring/smoothing';
export * from './io/skab-csv';
// RUL data handling and calibration (C-MAPSS parsing, regimes, preprocessing, metrics, conformal intervals).
export * from './rul/series';
export * from './rul/cmapss';
export * from './rul/regimes';
export * from './rul/regime-scaler';
export * from './rul/sensors';
export * from './rul/target';
export * from './rul/windows';
export * from './rul/history-features';
export * from './rul/split';
export * from './rul/prepare';
export * from './rul/metrics';
export * from './rul/conformal';
export * from './rul/nnls';
export * from './rul/uncap';
export * from './rul/trajectory';
export { GradientBoostedTrees, type GbdtFitOptions, type GbdtFitReport, type GbdtRound, type GbdtState } from './rul/gbdt';
export { resolveGbdtOptions, type GbdtObjective, type GbdtOptions, type ResolvedGbdtOptions } from './rul/gbdt-options';
export { binMatrix, sketchCuts, type FeatureCuts } from './rul/gbdt-bins';
export { treeDepth, treeValue, type RegressionTree, type RegressionTreeJson } from './rul/gbdt-tree';
// Sequence RUL models (LSTM, GRU, TCN on TensorFlow.js).
export { SequenceRulModel, type SequenceFitOptions, type SequenceRulState, type SequenceTraining } from './rul/seq-model';
export { resolveSequenceRulOptions, type ResolvedSequenceRulOptions, type SequenceRulOptions } from './rul/seq-options';
export {
  tcnReceptiveField,
  weightSpecs as sequenceWeightSpecs,
  type SequenceArchitecture,
  type SequenceKind,
  type WeightSpec as SequenceWeightSpec,
} from './rul/seq-arch';
export type { SequenceEpoch, SequenceWindows } from './rul/seq-train';
