import { z } from 'zod';
import {
  checkFeatureOptions,
  FeatureOptionsSchema,
  FeatureOptionsShape,
  summarizeIssues,
  type FeatureFamily,
  type FeatureOptions,
} from '@vigie/contracts';

const Key = z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only');

const WindowSpec = z
  .object({
    kind: z.enum(['tumbling', 'sliding']),
    /** Defaults to the service's windowSeconds (FEATURE_WINDOW_SECONDS). */
    seconds: z.number().positive().max(86_400).optional(),
    hopSeconds: z.number().positive().optional(),
    /** hop = seconds / hopsPerWindow. */
    hopsPerWindow: z.number().int().min(2).max(100).optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    const hops = Number(w.hopSeconds !== undefined) + Number(w.hopsPerWindow !== undefined);
    if (w.kind === 'tumbling' && hops > 0) ctx.addIssue({ code: 'custom', message: 'a tumbling window has no hop', path: ['kind'] });
    if (w.kind === 'sliding' && hops !== 1)
      ctx.addIssue({ code: 'custom', message: 'a sliding window needs hopSeconds or hopsPerWindow (one of them)', path: ['kind'] });
  });

const ProfileSpec = z
  .object({
    window: WindowSpec.optional(),
    minSamples: z.number().int().positive().optional(),
    features: z.object(FeatureOptionsShape).strict().superRefine(checkFeatureOptions).optional(),
  })
  .strict();
type ProfileSpec = z.infer<typeof ProfileSpec>;

/** The profiles document: per asset type (`default` for unknown types), optionally per sensor kind. */
export const FeatureProfilesDocument = z
  .object({ profiles: z.record(Key, ProfileSpec.extend({ sensors: z.record(Key, ProfileSpec).optional() }).strict()) })
  .strict();

export interface WindowPolicy {
  kind: 'tumbling' | 'sliding';
  lengthMs: number;
  /** Equal to lengthMs for tumbling windows. */
  hopMs: number;
}

export interface FeatureProfile {
  /** `default`, an asset type, or `<asset type>/<sensor kind>`. */
  name: string;
  window: WindowPolicy;
  minSamples: number;
  features: FeatureOptions & { families: FeatureFamily[] };
}

export class FeatureProfilesError extends Error {
  constructor(source: string, reason: string) {
    super(`feature profiles ${source}: ${reason}`);
    this.name = 'FeatureProfilesError';
  }
}

/** `P-101.vibration` → `vibration`: the part of the sensor id after its last dot. */
export function sensorKindOf(sensorId: string): string {
  return sensorId.slice(sensorId.lastIndexOf('.') + 1);
}

/** '600s tumbling', '600s sliding, hop 300s': how feature_definitions names a window. */
export function describeWindow(w: WindowPolicy): string {
  const s = (ms: number) => `${ms / 1000}s`;
  return w.kind === 'tumbling' ? `${s(w.lengthMs)} tumbling` : `${s(w.lengthMs)} sliding, hop ${s(w.hopMs)}`;
}

/**
 * Resolved profiles. An asset type inherits what it does not state from `default`, a sensor kind from its asset type
 * (`window` is replaced as a whole, `features` field by field). Lookup: type/kind, type, default/kind, default.
 */
export class FeatureProfiles {
  private constructor(private readonly byName: ReadonlyMap<string, FeatureProfile>) {}

  /** Validates a document; `base` gives the window length and min samples of profiles that do not state theirs. */
  static parse(raw: unknown, base: { windowSeconds: number; minSamples: number }, source = '(inline)'): FeatureProfiles {
    const doc = FeatureProfilesDocument.safeParse(raw ?? { profiles: {} });
    if (!doc.success) throw new FeatureProfilesError(source, summarizeIssues(doc.error.issues));
    const root: FeatureProfile = {
      name: 'default',
      window: {
        kind: 'tumbling',
        lengthMs: toMs(base.windowSeconds, source, 'windowSeconds'),
        hopMs: toMs(base.windowSeconds, source, 'windowSeconds'),
      },
      minSamples: base.minSamples,
      features: { families: ['time'] },
    };
    const byName = new Map<string, FeatureProfile>();
    const { default: defaultSpec, ...types } = doc.data.profiles;
    const fallback = derive(root, 'default', defaultSpec ?? {}, base.windowSeconds, source);
    byName.set('default', fallback);
    for (const [kind, spec] of Object.entries(defaultSpec?.sensors ?? {}))
      byName.set(`default/${kind}`, derive(fallback, `default/${kind}`, spec, base.windowSeconds, source));
    for (const [type, spec] of Object.entries(types)) {
      const parent = derive(fallback, type, spec, base.windowSeconds, source);
      byName.set(type, parent);
      for (const [kind, s] of Object.entries(spec.sensors ?? {}))
        byName.set(`${type}/${kind}`, derive(parent, `${type}/${kind}`, s, base.windowSeconds, source));
    }
    return new FeatureProfiles(byName);
  }

  get all(): FeatureProfile[] {
    return [...this.byName.values()];
  }

  get(name: string): FeatureProfile | undefined {
    return this.byName.get(name);
  }

  /** The profile of a sensor of an asset of `assetType` (undefined: not known to the asset registry). */
  resolve(assetType: string | undefined, sensorId: string): FeatureProfile {
    const kind = sensorKindOf(sensorId);
    const type = assetType ?? 'default';
    return this.byName.get(`${type}/${kind}`) ?? this.byName.get(type) ?? this.byName.get(`default/${kind}`) ?? this.byName.get('default')!;
  }
}

function derive(parent: FeatureProfile, name: string, spec: ProfileSpec, windowSeconds: number, source: string): FeatureProfile {
  let window = parent.window;
  if (spec.window) {
    const at = `profiles.${name}.window`;
    const lengthMs = toMs(spec.window.seconds ?? windowSeconds, source, `${at}.seconds`);
    let hopMs = lengthMs;
    if (spec.window.hopSeconds !== undefined) hopMs = toMs(spec.window.hopSeconds, source, `${at}.hopSeconds`);
    if (spec.window.hopsPerWindow !== undefined) hopMs = lengthMs / spec.window.hopsPerWindow;
    if (!Number.isInteger(hopMs))
      throw new FeatureProfilesError(source, `${at}: the hop must be a whole number of milliseconds (got ${hopMs})`);
    if (hopMs > lengthMs) throw new FeatureProfilesError(source, `${at}: the hop (${hopMs} ms) is longer than the window (${lengthMs} ms)`);
    window = { kind: spec.window.kind, lengthMs, hopMs };
  }
  const features = { ...parent.features, ...stripUndefined(spec.features ?? {}) } as FeatureProfile['features'];
  // Inherited and own options together must still agree (a parent's band above this profile's Nyquist).
  const merged = FeatureOptionsSchema.safeParse(features);
  if (!merged.success) throw new FeatureProfilesError(source, `profiles.${name}.features: ${summarizeIssues(merged.error.issues)}`);
  return { name, window, minSamples: spec.minSamples ?? parent.minSamples, features };
}

function toMs(seconds: number, source: string, at: string): number {
  const ms = seconds * 1000;
  if (!Number.isInteger(ms) || ms < 1) throw new FeatureProfilesError(source, `${at}: ${seconds} s is not a whole number of milliseconds`);
  return ms;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
