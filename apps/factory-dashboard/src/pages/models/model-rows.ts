import type { AnomalyJob, RulJob, RulModel } from './model-types';

/**
 * What a version is to its model: `champion` serves predictions (the registry's alias), `in-service` is the trend model
 * the RUL service loads when nothing is trained, `candidate` lost its promotion, `superseded`/`retired` served before.
 */
export type VersionRole = 'champion' | 'in-service' | 'candidate' | 'superseded' | 'retired';

export interface RulVersionRow {
  readonly version: string;
  readonly kind: string;
  readonly role: VersionRole;
  readonly createdAt: string;
  readonly metrics: Readonly<Record<string, number>>;
  /** The promotion decision recorded with a trained version, one sentence (the service's words). */
  readonly decision: string | null;
  /**
   * Seconds of one feature window for a version trained on a simulator source, whose rows (and so its RMSE) count
   * tumbling windows of that length; null for a C-MAPSS version, whose rows are engine cycles.
   */
  readonly windowSeconds: number | null;
}

export interface RulModelGroup {
  readonly name: string;
  /** Training source of `rul-<source>` models (what "train again" uses); null for the trend model. */
  readonly source: string | null;
  /** Newest version first. */
  readonly versions: readonly RulVersionRow[];
  /** Version serving predictions, null when none does. */
  readonly champion: string | null;
}

const ROLES: ReadonlySet<string> = new Set<VersionRole>(['champion', 'candidate', 'superseded', 'retired']);

/**
 * The window length a version records in `params.rows.windowSeconds` (simulator sources only), or null when there is no
 * positive finite number there: params are free JSON, and a wrong length would misstate every error in hours.
 */
export function windowSecondsOf(params: Readonly<Record<string, unknown>>): number | null {
  const rows = params.rows;
  if (typeof rows !== 'object' || rows === null) return null;
  const seconds = (rows as { readonly windowSeconds?: unknown }).windowSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function roleOf(status: string): VersionRole {
  if (status === 'loaded') return 'in-service';
  return ROLES.has(status) ? (status as VersionRole) : 'retired';
}

/** Version labels compare as numbers when they are ("10" after "9"), else as text. */
export function compareVersionsDesc(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return nb - na;
  return b.localeCompare(a);
}

/**
 * Groups the RUL service's model rows by model, newest version first, and marks the champion: the newest row the service
 * lists as `champion` (or, for the trend model, `loaded`). Any older row also marked so is shown as superseded, so the
 * page never shows two champions of one model.
 */
export function groupRulModels(models: readonly RulModel[]): RulModelGroup[] {
  const byName = new Map<string, RulModel[]>();
  for (const m of models) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  return [...byName.entries()]
    .map(([name, rows]) => {
      const sorted = [...rows].sort((a, b) => compareVersionsDesc(a.version, b.version));
      let champion: string | null = null;
      const versions = sorted.map((m): RulVersionRow => {
        let role = roleOf(m.status);
        if (role === 'champion' || role === 'in-service') {
          if (champion === null) champion = m.version;
          else role = 'superseded';
        }
        const decision = m.params.decision;
        return {
          version: m.version,
          kind: m.kind,
          role,
          createdAt: m.createdAt,
          metrics: m.metrics,
          decision: typeof decision === 'string' ? decision : null,
          windowSeconds: windowSecondsOf(m.params),
        };
      });
      const source = sorted.map((m) => m.params.source).find((s): s is string => typeof s === 'string') ?? null;
      return { name, source, versions, champion };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface AnomalyVersionRow {
  readonly version: number;
  readonly role: VersionRole;
  readonly jobId: string;
  readonly createdAt: string;
  readonly sensors: number;
  readonly windows: number;
  readonly assetWindows: number;
  readonly valFalseAlarmRate: number;
  readonly decision: string;
}

export interface AnomalyModelGroup {
  readonly model: string;
  readonly assetId: string;
  readonly versions: readonly AnomalyVersionRow[];
  readonly champion: number | null;
}

/**
 * The anomaly model versions the listed training jobs registered, per registry model (`anomaly-<asset>`), newest first.
 * Promotion moves the `champion` alias, so the champion is the newest promoted version; older promoted ones are
 * superseded and versions that were not promoted are candidates. Versions registered by jobs older than the listed
 * page (or by the automatic baselines, which the registry does not hold) are not shown.
 */
export function anomalyModelsFromJobs(jobs: readonly AnomalyJob[]): AnomalyModelGroup[] {
  const byModel = new Map<string, Map<number, Omit<AnomalyVersionRow, 'role'> & { promoted: boolean; assetId: string }>>();
  for (const job of jobs) {
    for (const m of job.models) {
      const versions = byModel.get(m.model) ?? new Map();
      byModel.set(m.model, versions);
      versions.set(m.version, {
        version: m.version,
        jobId: job.id,
        createdAt: job.finishedAt ?? job.startedAt ?? job.createdAt,
        sensors: m.sensors,
        windows: m.windows,
        assetWindows: m.assetWindows,
        valFalseAlarmRate: m.valFalseAlarmRate,
        decision: m.decision,
        promoted: m.promoted,
        assetId: m.assetId,
      });
    }
  }
  return [...byModel.entries()]
    .map(([model, versions]) => {
      const sorted = [...versions.values()].sort((a, b) => b.version - a.version);
      const champion = sorted.find((v) => v.promoted)?.version ?? null;
      const rows = sorted.map(({ promoted, assetId: _assetId, ...v }): AnomalyVersionRow => ({
        ...v,
        role: v.version === champion ? 'champion' : promoted ? 'superseded' : 'candidate',
      }));
      return { model, assetId: sorted[0]!.assetId, versions: rows, champion };
    })
    .sort((a, b) => a.model.localeCompare(b.model));
}

/** Sources the RUL service can train on again: those of its trained models and of its jobs, sorted, each once. */
export function trainingSources(groups: readonly RulModelGroup[], jobSources: readonly string[]): string[] {
  const all = [...groups.map((g) => g.source).filter((s): s is string => s !== null), ...jobSources];
  return [...new Set(all)].sort((a, b) => a.localeCompare(b));
}

/**
 * What one row of each source with a registered version is, from its newest version: feature windows of that many
 * seconds (a simulator source) or null, engine cycles (C-MAPSS). A source known only from its jobs is absent: neither
 * the jobs nor the request say which it is.
 */
export function sourceWindows(groups: readonly RulModelGroup[]): ReadonlyMap<string, number | null> {
  const bySource = new Map<string, number | null>();
  for (const g of groups) {
    const newest = g.versions[0];
    if (g.source !== null && newest !== undefined && !bySource.has(g.source)) bySource.set(g.source, newest.windowSeconds);
  }
  return bySource;
}

/**
 * The parameters of each source's newest RUL job (jobs come newest first): "train" starts from them, so a source trained
 * with its own window and cap (the simulator bootstrap uses 6-cycle windows) is not retrained with the contract's defaults.
 */
export function lastTrainParams(jobs: readonly RulJob[]): ReadonlyMap<string, RulJob['params']> {
  const bySource = new Map<string, RulJob['params']>();
  for (const job of jobs) if (!bySource.has(job.source)) bySource.set(job.source, job.params);
  return bySource;
}
