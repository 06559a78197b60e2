import type { AnomalyDetectedPayload, Priority, RulPredictionPayload, WorkOrderCause } from '@vigie/contracts';
import type { RulesConfig } from '../config';
import { anomalyEvidence, appendEvidence, rulEvidence, type Evidence, type EvidenceEntry } from './evidence';
import { criticalityAtLeast, mostUrgent, priorityForCriticality } from './priority';

/** One anomaly or RUL prediction, reduced to what the rules need. `priority` null = informative only. */
export interface Signal {
  readonly cause: Exclude<WorkOrderCause, 'manual'>;
  readonly assetId: string;
  readonly priority: Priority | null;
  readonly dueDate: Date | null;
  readonly evidence: EvidenceEntry;
  readonly title: string;
  readonly description: string;
}

/** The open order of the same asset and cause, if any. */
export interface OpenOrder {
  readonly priority: Priority;
  readonly dueDate: Date | null;
  readonly evidence: Evidence;
}

export type Decision =
  | { readonly action: 'none' }
  | {
      readonly action: 'create';
      readonly priority: Priority;
      readonly dueDate: Date | null;
      readonly evidence: Evidence;
      readonly title: string;
      readonly description: string;
    }
  | {
      readonly action: 'update';
      readonly change: 'escalated' | 'updated';
      readonly priority: Priority;
      readonly dueDate: Date | null;
      readonly evidence: Evidence;
    };

const HOUR_MS = 3_600_000;

/** criticality ≥ threshold (medium by default) is actionable, with critical→P1, high→P2, medium→P3. */
export function anomalySignal(eventId: string, a: AnomalyDetectedPayload, rules: RulesConfig): Signal {
  const actionable = criticalityAtLeast(a.criticality, rules.anomalyMinCriticality);
  return {
    cause: 'anomaly',
    assetId: a.assetId,
    priority: actionable ? priorityForCriticality(a.criticality) : null,
    dueDate: null,
    evidence: anomalyEvidence(eventId, a),
    title: `Anomaly on ${a.assetId} (${a.criticality})`,
    description: `Anomaly ${a.anomalyId} on sensor ${a.sensorId}, score ${a.score.toFixed(3)} (model ${a.modelVersion}).`,
  };
}

/** lower < horizon is actionable: due = prediction time + lower hours; P1 below 24 h, P2 below 72 h, else P3. */
export function rulSignal(eventId: string, r: RulPredictionPayload, rules: RulesConfig): Signal {
  const actionable = r.lower < rules.rulHorizonHours;
  const priority: Priority = r.lower < rules.rulP1Hours ? 'P1' : r.lower < rules.rulP2Hours ? 'P2' : 'P3';
  return {
    cause: 'rul',
    assetId: r.assetId,
    priority: actionable ? priority : null,
    dueDate: actionable ? new Date(r.predictedAt + r.lower * HOUR_MS) : null,
    evidence: rulEvidence(eventId, r),
    title: `Remaining useful life of ${r.assetId} below ${Math.round(rules.rulHorizonHours)} h`,
    description:
      `RUL ${r.rul.toFixed(1)} h, ${Math.round(r.level * 100)} % interval [${r.lower.toFixed(1)}, ${r.upper.toFixed(1)}] h ` +
      `(model ${r.modelVersion}).`,
  };
}

/**
 * What a signal does to the orders of its asset and cause: opens one when actionable and none is open; otherwise
 * appends its evidence to the open one, raising the priority (never lowering it) and pulling the due date earlier
 * (never later). An informative signal with no open order changes nothing.
 */
export function decide(signal: Signal, open: OpenOrder | null, maxEvidence: number): Decision {
  if (open === null) {
    if (signal.priority === null) return { action: 'none' };
    return {
      action: 'create',
      priority: signal.priority,
      dueDate: signal.dueDate,
      evidence: appendEvidence({}, signal.evidence, maxEvidence),
      title: signal.title,
      description: signal.description,
    };
  }
  const priority = signal.priority === null ? open.priority : mostUrgent(open.priority, signal.priority);
  return {
    action: 'update',
    change: priority !== open.priority ? 'escalated' : 'updated',
    priority,
    dueDate: earliest(open.dueDate, signal.priority === null ? null : signal.dueDate),
    evidence: appendEvidence(open.evidence, signal.evidence, maxEvidence),
  };
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
