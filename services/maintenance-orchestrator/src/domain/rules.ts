import type { AnomalyDetectedPayload, DueRule, Priority, RulPredictionPayload, WorkOrderCause, WorkOrderStatus } from '@vigie/contracts';
import { anomalyEvidence, appendEvidence, rulEvidence, withDecidedBy, type Evidence, type EvidenceEntry } from './evidence';
import { mostUrgent } from './priority';
import type { RuleFacts, Verdict } from './rule-engine';

/** One anomaly or RUL prediction, reduced to what the rules test (`facts`) and what an order records. */
export interface Signal {
  readonly cause: Exclude<WorkOrderCause, 'manual'>;
  readonly assetId: string;
  readonly facts: RuleFacts;
  /** Event time (detection or prediction), the origin of due dates. */
  readonly at: Date;
  readonly evidence: EvidenceEntry;
  readonly title: string;
  readonly description: string;
}

/** What a rule attaches to an order. */
export interface OrderDetails {
  readonly failureMode: string | null;
  readonly requiredSkills: readonly string[];
  readonly estimatedDurationHours: number | null;
}

/** The open predictive order of the signal's asset, whichever cause opened it (details absent = none recorded). */
export interface OpenOrder extends Partial<OrderDetails> {
  /** Absent: unknown, so never closed by a rule. */
  readonly status?: WorkOrderStatus;
  readonly priority: Priority;
  readonly dueDate: Date | null;
  readonly evidence: Evidence;
}

export type Decision =
  | { readonly action: 'none' }
  | ({
      readonly action: 'create';
      readonly priority: Priority;
      readonly dueDate: Date | null;
      readonly evidence: Evidence;
      readonly title: string;
      readonly description: string;
    } & OrderDetails)
  | ({
      readonly action: 'update';
      readonly change: 'escalated' | 'updated';
      readonly priority: Priority;
      readonly dueDate: Date | null;
      readonly evidence: Evidence;
    } & OrderDetails)
  | { readonly action: 'close'; readonly reason: string; readonly evidence: Evidence };

const HOUR_MS = 3_600_000;

/** Without RUL facts: an anomaly sets only the anomaly ones. */
const NO_RUL = { rul: null, rulLower: null, rulUpper: null, rulLevel: null, healthIndex: null } as const;

export function anomalySignal(eventId: string, a: AnomalyDetectedPayload): Signal {
  const dot = a.sensorId.lastIndexOf('.');
  return {
    cause: 'anomaly',
    assetId: a.assetId,
    facts: {
      cause: 'anomaly',
      assetId: a.assetId,
      sensorId: a.sensorId,
      sensorKind: dot >= 0 ? a.sensorId.slice(dot + 1) : null,
      criticality: a.criticality,
      score: a.score,
      modelVersion: a.modelVersion,
      ...NO_RUL,
    },
    at: new Date(a.detectedAt),
    evidence: anomalyEvidence(eventId, a),
    title: `Anomaly on ${a.assetId} (${a.criticality})`,
    description: `Anomaly ${a.anomalyId} on sensor ${a.sensorId}, score ${a.score.toFixed(3)} (model ${a.modelVersion}).`,
  };
}

/**
 * An interval without an upper bound (a capped model's, `upperUnbounded`) sets `rulUpper` to Infinity, never to its
 * `upper`, which is then only the model's cap: a rule on `rulUpper` must not read the cap as a tight bound.
 */
export function rulSignal(eventId: string, r: RulPredictionPayload): Signal {
  const open = r.upperUnbounded === true;
  const interval = open ? `at least ${r.lower.toFixed(1)} h, no upper bound` : `[${r.lower.toFixed(1)}, ${r.upper.toFixed(1)}] h`;
  return {
    cause: 'rul',
    assetId: r.assetId,
    facts: {
      cause: 'rul',
      assetId: r.assetId,
      sensorId: null,
      sensorKind: null,
      criticality: null,
      score: null,
      modelVersion: r.modelVersion,
      rul: r.rul,
      rulLower: r.lower,
      rulUpper: open ? Number.POSITIVE_INFINITY : r.upper,
      rulLevel: r.level,
      healthIndex: r.healthIndex,
    },
    at: new Date(r.predictedAt),
    evidence: rulEvidence(eventId, r),
    title: `Remaining useful life of ${r.assetId}: lower bound ${Math.round(r.lower)} h`,
    description: `RUL ${r.rul.toFixed(1)} h, ${Math.round(r.level * 100)} % interval ${interval} (model ${r.modelVersion}).`,
  };
}

/**
 * What the verdict of the rules does to the open predictive order of the signal's asset (one per asset: an anomaly
 * merges into an order a RUL prediction opened, and the reverse). `open` opens one when none is open; `open` and
 * `escalate` raise an open one (priority never lowered, due date never later, details kept when already set);
 * `evidence` (and no match) only appends the signal's evidence. Every entry records the deciding rule.
 */
export function decide(signal: Signal, verdict: Verdict, open: OpenOrder | null, maxEvidence: number): Decision {
  const entry = withDecidedBy(signal.evidence, { ruleId: verdict.ruleId, ruleSetVersion: verdict.ruleSetVersion });
  const d = verdict.decision;
  if (open === null) {
    if (d.action !== 'open') return { action: 'none' };
    return {
      action: 'create',
      priority: d.priority,
      dueDate: dueDate(d.due, signal),
      evidence: appendEvidence({}, entry, maxEvidence),
      title: signal.title,
      description: signal.description,
      failureMode: d.failureMode,
      requiredSkills: d.requiredSkills,
      estimatedDurationHours: d.estimatedDurationHours,
    };
  }
  const kept: OrderDetails = {
    failureMode: open.failureMode ?? null,
    requiredSkills: open.requiredSkills ?? [],
    estimatedDurationHours: open.estimatedDurationHours ?? null,
  };
  const evidence = appendEvidence(open.evidence, entry, maxEvidence);
  if (d.action === 'close' && closable(open, signal)) return { action: 'close', reason: d.reason, evidence };
  if (d.action === 'evidence' || d.action === 'close')
    return { action: 'update', change: 'updated', priority: open.priority, dueDate: open.dueDate, evidence, ...kept };
  const priority = mostUrgent(open.priority, d.priority);
  return {
    action: 'update',
    change: priority !== open.priority ? 'escalated' : 'updated',
    priority,
    dueDate: earliest(open.dueDate, dueDate(d.due, signal)),
    evidence,
    failureMode: kept.failureMode ?? d.failureMode,
    requiredSkills: kept.requiredSkills.length > 0 ? kept.requiredSkills : d.requiredSkills,
    estimatedDurationHours: kept.estimatedDurationHours ?? d.estimatedDurationHours,
  };
}

/**
 * A rule may close an order only while nobody has acted on it (`requested`) and when everything it rests on is of the
 * signal's own kind: a recovered RUL never cancels an order an anomaly opened or joined.
 */
function closable(open: OpenOrder, signal: Signal): boolean {
  if (open.status !== 'requested') return false;
  const other = signal.cause === 'rul' ? open.evidence.anomalies : open.evidence.rul;
  return (other?.length ?? 0) === 0;
}

/** `rul.lower`: event time + (lower − margin) h, never before the event; null on a signal without a RUL interval. */
export function dueDate(due: DueRule | null, signal: Signal): Date | null {
  if (due === null) return null;
  if (due.from === 'event') return new Date(signal.at.getTime() + due.withinHours * HOUR_MS);
  const lower = signal.facts.rulLower;
  if (typeof lower !== 'number') return null;
  return new Date(signal.at.getTime() + Math.max(0, lower - due.marginHours) * HOUR_MS);
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
