import { buildCatalog, type AssetSpec } from './catalog';
import { createDegradationSchedule, type DegradationSchedule } from './degradation';
import { DEFAULT_FAILURES, FAILURE_MODE_PROFILES, validateFailures, type FailureMode, type FailureSpec } from './failure-modes';
import { DEMO_LAYOUT, type AssetLayout } from './layout';
import { createOperatingProfile, type OperatingPoint } from './load';
import type { DegradationOptions } from './degradation';

/** What createPlant needs to know to pick assets and failures (see PlantOptions). */
export interface AssetSelection {
  seed: number;
  startTime: number;
  samplingHz: number;
  assets?: readonly string[];
  failures?: readonly FailureSpec[];
  degradingAssetId?: string;
  degradation?: DegradationOptions;
}

export interface ScheduledFailure {
  mode: FailureMode;
  schedule: DegradationSchedule;
}

export interface AssetRuntime {
  layout: AssetLayout;
  spec: AssetSpec;
  operating: (t: number) => OperatingPoint;
  failure: ScheduledFailure | null;
}

/**
 * Without `failures`, the defaults apply: bearing wear on `degradingAssetId` (P-101) timed by
 * `degradation`, plus the slow default failures of the other assets that are simulated.
 */
export function resolveFailures(sel: AssetSelection, present: ReadonlySet<string>): FailureSpec[] {
  if (sel.failures) return sel.failures.map((f) => ({ ...f }));
  const [primary, ...others] = DEFAULT_FAILURES;
  const main: FailureSpec = { ...primary!, assetId: sel.degradingAssetId ?? primary!.assetId, ...sel.degradation };
  if (sel.degradingAssetId !== undefined && !present.has(main.assetId)) throw new RangeError(`unknown asset ${main.assetId}`);
  return [main, ...others.filter((f) => f.assetId !== main.assetId)].filter((f) => present.has(f.assetId));
}

/** Builds the simulated assets with their operating profiles and failure schedules. */
export function buildAssetRuntimes(sel: AssetSelection): { runtimes: AssetRuntime[]; failures: FailureSpec[] } {
  const wanted = sel.assets ? new Set(sel.assets) : null;
  if (wanted) {
    const unknown = [...wanted].filter((id) => !DEMO_LAYOUT.some((a) => a.id === id));
    if (unknown.length > 0) throw new RangeError(`unknown asset ${unknown.join(', ')}`);
  }
  const layouts = DEMO_LAYOUT.filter((a) => !wanted || wanted.has(a.id));
  const specs = buildCatalog(sel.samplingHz, layouts);
  const failures = resolveFailures(sel, new Set(layouts.map((a) => a.id)));
  validateFailures(failures, specs);
  const runtimes = layouts.map((layout, i): AssetRuntime => {
    const f = failures.find((x) => x.assetId === layout.id);
    const failure = f
      ? {
          mode: f.mode,
          schedule: createDegradationSchedule(
            sel.startTime,
            sel.seed,
            { shape: FAILURE_MODE_PROFILES[f.mode].shape, ...f },
            // P-101 keeps the stream name it always had, so its seeded later cycles do not move.
            layout.id === 'P-101' ? 'degradation-schedule' : `degradation-schedule:${layout.id}`,
          ),
        }
      : null;
    return { layout, spec: specs[i]!, operating: createOperatingProfile(sel.seed, layout), failure };
  });
  return { runtimes, failures };
}
