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
  /** The orchestration rule (and rule-set version) that decided what this event did. */
  readonly decidedBy?: FiredRule;
}

export interface RulEvidence {
  readonly eventId: string;
  readonly predictionId: string;
  readonly rul: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly unit: 'h';
  readonly healthIndex: number;
  readonly modelVersion: string;
  readonly predictedAt: string;
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
      level: r.level,
      unit: r.unit,
      healthIndex: r.healthIndex,
      modelVersion: r.modelVersion,
      predictedAt: iso(r.predictedAt),
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
