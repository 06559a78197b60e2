import type { AnomalyDetectedPayload, FiredRule, RulPredictionPayload } from '@vigie/contracts';

/** What made Vigie open or escalate an order, kept on the order (`work_orders.evidence`). */
export interface AnomalyEvidence {
  readonly eventId: string;
  readonly anomalyId: string;
  readonly sensorId: string;
  readonly score: number;
  readonly criticality: string;
  readonly contributors: AnomalyDetectedPayload['contributors'];
  readonly modelVersion: string;
  readonly detectedAt: string;
  readonly window: { readonly start: string; readonly end: string };
  /**
   * Where the data behind the verdict is (paths of the platform's REST API, relative so any gateway serves them): the
   * window's extracted features (feature-extraction, the asset's windows from start to end) and the asset's anomalies.
   */
  readonly links: { readonly features: string; readonly anomalies: string };
  /** The orchestration rule (and rule-set version) that decided what this event did. */
  readonly decidedBy?: FiredRule;
}

export interface RulEvidence {
  readonly eventId: string;
  readonly predictionId: string;
  readonly rul: number;
  readonly lower: number;
  readonly upper: number;
  /** Present (true) only when the interval has no upper bound: `upper` is then the model's cap, not a bound. */
  readonly upperUnbounded?: true;
  readonly level: number;
  readonly unit: 'h';
  readonly healthIndex: number;
  readonly modelVersion: string;
  readonly predictedAt: string;
  /** The asset's RUL predictions (rul-prediction's REST API, relative path). */
  readonly links: { readonly predictions: string };
  readonly decidedBy?: FiredRule;
}

export interface Evidence {
  readonly anomalies?: readonly AnomalyEvidence[];
  readonly rul?: readonly RulEvidence[];
  readonly [key: string]: unknown;
}

export type EvidenceEntry = { kind: 'anomalies'; entry: AnomalyEvidence } | { kind: 'rul'; entry: RulEvidence };

const iso = (ms: number): string => new Date(ms).toISOString();

export function anomalyEvidence(eventId: string, a: AnomalyDetectedPayload): EvidenceEntry {
  return {
    kind: 'anomalies',
    entry: {
      eventId,
      anomalyId: a.anomalyId,
      sensorId: a.sensorId,
      score: a.score,
      criticality: a.criticality,
      contributors: a.contributors,
      modelVersion: a.modelVersion,
      detectedAt: iso(a.detectedAt),
      window: { start: iso(a.windowStart), end: iso(a.windowEnd) },
      links: {
        features: `/api/v1/features/${encodeURIComponent(a.assetId)}?${new URLSearchParams({ from: iso(a.windowStart), to: iso(a.windowEnd) })}`,
        anomalies: `/api/v1/anomalies/${encodeURIComponent(a.assetId)}`,
      },
    },
  };
}

export function rulEvidence(eventId: string, r: RulPredictionPayload): EvidenceEntry {
  return {
    kind: 'rul',
    entry: {
      eventId,
      predictionId: r.predictionId,
      rul: r.rul,
      lower: r.lower,
      upper: r.upper,
      ...(r.upperUnbounded === true ? { upperUnbounded: true as const } : {}),
      level: r.level,
      unit: r.unit,
      healthIndex: r.healthIndex,
      modelVersion: r.modelVersion,
      predictedAt: iso(r.predictedAt),
      links: { predictions: `/api/v1/rul/${encodeURIComponent(r.assetId)}` },
    },
  };
}

/** The entry with the rule that decided it. */
export function withDecidedBy(add: EvidenceEntry, decidedBy: FiredRule): EvidenceEntry {
  return add.kind === 'anomalies'
    ? { kind: 'anomalies', entry: { ...add.entry, decidedBy } }
    : { kind: 'rul', entry: { ...add.entry, decidedBy } };
}

/** Appends one entry, keeping the `max` most recent of its kind; returns a new object (the input is not touched). */
export function appendEvidence(evidence: Evidence, add: EvidenceEntry, max: number): Evidence {
  const current = (evidence[add.kind] ?? []) as readonly unknown[];
  return { ...evidence, [add.kind]: [...current, add.entry].slice(-max) };
}
