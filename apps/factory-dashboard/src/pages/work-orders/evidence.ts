/**
 * Reads an order's `evidence` (a JSON object of the orchestrator's domain/evidence.ts, typed `unknown` by the
 * contract) into what the detail page shows, dropping entries that lack the fields it needs rather than crashing.
 */
export interface AnomalyEvidenceView {
  readonly anomalyId: string;
  readonly sensorId: string;
  readonly score: number;
  readonly criticality: string;
  readonly modelVersion: string;
  readonly detectedAt: string;
  readonly window: { readonly start: string; readonly end: string } | null;
  readonly contributors: readonly {
    readonly sensorId: string;
    readonly feature: string;
    readonly value: number;
    readonly baseline: number;
    readonly z: number;
  }[];
  readonly decidedBy: { readonly ruleId: string | null; readonly ruleSetVersion: number } | null;
}

export interface RulEvidenceView {
  readonly predictionId: string;
  readonly rul: number;
  readonly lower: number;
  readonly upper: number;
  /** No upper bound: the RUL is at least `lower` (`upper` is the model's cap). */
  readonly upperUnbounded: boolean;
  readonly level: number;
  readonly healthIndex: number;
  readonly modelVersion: string;
  readonly predictedAt: string;
  readonly decidedBy: { readonly ruleId: string | null; readonly ruleSetVersion: number } | null;
}

export interface EvidenceView {
  readonly anomalies: readonly AnomalyEvidenceView[];
  readonly rul: readonly RulEvidenceView[];
  /** Every model version named, sorted. */
  readonly modelVersions: readonly string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | null => (typeof o[k] === 'string' ? o[k] : null);
const num = (o: Obj, k: string): number | null => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? o[k] : null);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

function decidedBy(o: Obj): AnomalyEvidenceView['decidedBy'] {
  const d = o['decidedBy'];
  if (!isObj(d)) return null;
  const version = num(d, 'ruleSetVersion');
  return version === null ? null : { ruleId: str(d, 'ruleId'), ruleSetVersion: version };
}

export function readEvidence(evidence: Readonly<Record<string, unknown>>): EvidenceView {
  const anomalies: AnomalyEvidenceView[] = [];
  for (const a of list(evidence['anomalies'])) {
    const anomalyId = str(a, 'anomalyId');
    const score = num(a, 'score');
    if (anomalyId === null || score === null) continue;
    const w = a['window'];
    anomalies.push({
      anomalyId,
      sensorId: str(a, 'sensorId') ?? '',
      score,
      criticality: str(a, 'criticality') ?? '',
      modelVersion: str(a, 'modelVersion') ?? '',
      detectedAt: str(a, 'detectedAt') ?? '',
      window: isObj(w) && str(w, 'start') !== null && str(w, 'end') !== null ? { start: str(w, 'start')!, end: str(w, 'end')! } : null,
      contributors: list(a['contributors']).flatMap((c) => {
        const value = num(c, 'value');
        const baseline = num(c, 'baseline');
        const z = num(c, 'z');
        const feature = str(c, 'feature');
        return value === null || baseline === null || z === null || feature === null
          ? []
          : [{ sensorId: str(c, 'sensorId') ?? '', feature, value, baseline, z }];
      }),
      decidedBy: decidedBy(a),
    });
  }
  const rul: RulEvidenceView[] = [];
  for (const r of list(evidence['rul'])) {
    const predictionId = str(r, 'predictionId');
    const value = num(r, 'rul');
    const lower = num(r, 'lower');
    const upper = num(r, 'upper');
    if (predictionId === null || value === null || lower === null || upper === null) continue;
    rul.push({
      predictionId,
      rul: value,
      lower,
      upper,
      upperUnbounded: r['upperUnbounded'] === true,
      level: num(r, 'level') ?? 0,
      healthIndex: num(r, 'healthIndex') ?? 0,
      modelVersion: str(r, 'modelVersion') ?? '',
      predictedAt: str(r, 'predictedAt') ?? '',
      decidedBy: decidedBy(r),
    });
  }
  const modelVersions = [...new Set([...anomalies, ...rul].map((e) => e.modelVersion).filter((v) => v !== ''))].sort();
  return { anomalies, rul, modelVersions };
}
