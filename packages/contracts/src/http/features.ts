import { z } from 'zod';
import { AssetId, EpochMs, SensorId } from '../events/common';

/** Feature families a profile or a request selects (packages/signal/FEATURES.md lists every feature). */
export const FeatureFamily = z.enum(['time', 'tsfresh', 'spectral', 'wavelet']);
export type FeatureFamily = z.infer<typeof FeatureFamily>;

/** A frequency band [lo, hi) in Hz. */
export const FrequencyBand = z.tuple([z.number().nonnegative(), z.number().positive()]);

/** Rolling-element bearing geometry (same length unit for both diameters); enables the envelope features with `rpm`. */
export const BearingGeometrySchema = z
  .object({
    balls: z.number().int().positive().max(200),
    ballDiameter: z.number().positive(),
    pitchDiameter: z.number().positive(),
    contactAngleDeg: z.number().min(0).max(90).default(0),
  })
  .strict()
  .refine((b) => b.ballDiameter < b.pitchDiameter, { message: 'ballDiameter must be smaller than pitchDiameter', path: ['ballDiameter'] });

/** Options of the feature extractor shared by the feature profiles and POST /features/extract. */
export const FeatureOptionsShape = {
  families: z.array(FeatureFamily).min(1).max(4).optional(),
  /** Sampling rate in Hz; derived from the median sample spacing of a window when absent (1 Hz for a posted signal). */
  fs: z.number().positive().max(10_000_000).optional(),
  /** Shaft speed: enables amp_1x/2x/3x, and the envelope features with `bearing`. */
  rpm: z.number().positive().max(1_000_000).optional(),
  bearing: BearingGeometrySchema.optional(),
  /** Band-pass [lo, hi] Hz applied before the Hilbert envelope. */
  envelopeBand: FrequencyBand.optional(),
  /** Bands → band_energy_<lo>_<hi>. */
  bands: z.array(FrequencyBand).max(32).optional(),
  /** O(N²): off unless asked. */
  sampleEntropy: z.boolean().optional(),
  wavelet: z.enum(['haar', 'db1', 'db4', 'sym4']).optional(),
};
const FeatureOptionsObject = z.object(FeatureOptionsShape).strict();
export type FeatureOptions = z.infer<typeof FeatureOptionsObject>;

/** Cross-field rules of FeatureOptions (bands ordered and under Nyquist, bearing needs rpm); issues name the field. */
export function checkFeatureOptions(o: FeatureOptions, ctx: z.RefinementCtx): void {
  const bands: [string, readonly [number, number]][] = (o.bands ?? []).map((b, i) => [`bands.${i}`, b]);
  if (o.envelopeBand) bands.push(['envelopeBand', o.envelopeBand]);
  for (const [path, [lo, hi]] of bands) {
    if (lo >= hi) ctx.addIssue({ code: 'custom', message: 'a band needs lo < hi', path: path.split('.') });
    else if (o.fs !== undefined && hi > o.fs / 2)
      ctx.addIssue({ code: 'custom', message: `band reaches above Nyquist (fs/2 = ${o.fs / 2} Hz)`, path: path.split('.') });
  }
  if (o.bearing !== undefined && o.rpm === undefined) ctx.addIssue({ code: 'custom', message: 'bearing features need rpm', path: ['rpm'] });
}
export const FeatureOptionsSchema = FeatureOptionsObject.superRefine(checkFeatureOptions);

/** Profile names: an asset type (`centrifugal-pump`) or an asset type and a sensor kind (`centrifugal-pump/vibration`). */
export const FeatureProfileName = z
  .string()
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/, 'an asset type, optionally /<sensor kind>')
  .max(120);

export const ExtractRequest = z
  .object({
    values: z.array(z.number().finite()).min(1).max(1_000_000),
    /** Start from a configured profile's feature options (families, fs, rpm, bands …); fields given here override them. */
    profile: FeatureProfileName.optional(),
    ...FeatureOptionsShape,
  })
  .strict()
  .superRefine(checkFeatureOptions);
export type ExtractRequest = z.infer<typeof ExtractRequest>;

export const ExtractResponse = z.object({
  features: z.record(z.string(), z.number()),
  sampleCount: z.number().int(),
  /** The sampling rate the frequency features used. */
  fs: z.number().optional(),
  families: z.array(FeatureFamily).optional(),
  /** Samples the spectral features were computed on: the newest power-of-two run of the signal (0: none). */
  spectralSamples: z.number().int().optional(),
  /** Features undefined on this signal (e.g. autocorrelation of a constant signal), left out of `features`. */
  omitted: z.array(z.string()).optional(),
});

export const FeaturesQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    sensorId: SensorId.optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    /** Which end of the range `limit` keeps: the latest windows (default) or the earliest (e.g. a healthy baseline). */
    order: z.enum(['latest', 'earliest']).default('latest'),
    /** `nextCursor` of the previous page: continues towards older windows (latest) or newer ones (earliest). */
    cursor: z.string().min(1).max(400).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });
export const FeatureWindowSchema = z.object({
  assetId: AssetId,
  sensorId: SensorId,
  windowStart: z.string(),
  windowEnd: z.string(),
  sampleCount: z.number().int(),
  features: z.record(z.string(), z.number()),
});
export const FeaturesResponse = z.object({
  assetId: AssetId,
  /** Oldest first within the page. */
  windows: z.array(FeatureWindowSchema),
  /** Present when more windows match: pass it as `cursor` for the next page. */
  nextCursor: z.string().optional(),
});

export const FeatureDefinitionsQuery = z
  .object({
    profile: FeatureProfileName.optional(),
    family: z.enum([...FeatureFamily.options, 'quality']).optional(),
  })
  .strict();
export const FeatureDefinitionSchema = z.object({
  name: z.string(),
  /** The profile that produces it: `default`, an asset type, or `<asset type>/<sensor kind>`. */
  profile: z.string(),
  family: z.string(),
  description: z.string(),
  /** `signal` (the sensor's unit), `signal²`, `signal³`, `signal/sample`, `Hz`, `count` or `dimensionless`. */
  unit: z.string(),
  /** e.g. `600s tumbling`, `600s sliding, hop 300s`. */
  window: z.string(),
  version: z.number().int(),
});
export const FeatureDefinitionsResponse = z.object({ definitions: z.array(FeatureDefinitionSchema) });
export { EpochMs };
