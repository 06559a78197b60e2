import { timeDomainFeatures } from '@vigie/signal';
import type { ExtractedFeaturesPayload } from '@vigie/contracts';

export interface Position {
  partition: number;
  offset: string;
}

interface OpenWindow {
  assetId: string;
  unit: string;
  start: number;
  values: number[];
  firstTs: number;
  lastTs: number;
  /** Bus position of the message that brought the window's first sample: the commit may not pass it. */
  firstPosition: Position;
}

/** Computes the features of one window's values (the foundation set; see FEATURE_NAMES). */
export function computeFeatures(values: ArrayLike<number>): Record<string, number> {
  const f = timeDomainFeatures(values);
  return { mean: f.mean, std: f.std, rms: f.rms, min: f.min, max: f.max, kurtosis: f.kurtosis, skewness: f.skewness, crest_factor: f.crest_factor, peak_to_peak: f.peak_to_peak };
}

/**
 * Tumbling windows per sensor, aligned on multiples of the window length (so every replica and every restart cuts
 * the same windows). A window closes when a sample of a later window arrives. Open windows hold the commit back to
 * the message that opened them, so after a crash the replay rebuilds them whole; samples of windows already emitted
 * (before `closedUntil`) are ignored, so a replay never emits a partial duplicate.
 */
export class TumblingWindows {
  private readonly open = new Map<string, OpenWindow>();
  private readonly closedUntil = new Map<string, number>();

  constructor(
    readonly windowMs: number,
    private readonly minSamples: number,
  ) {}

  /** Restores, per sensor, the end of the last window already emitted. */
  restore(lastEnds: ReadonlyMap<string, number>): void {
    for (const [sensor, end] of lastEnds) this.closedUntil.set(sensor, end);
  }

  add(
    sample: { assetId: string; sensorId: string; unit: string; ts: number; value: number },
    position: Position,
  ): ExtractedFeaturesPayload | null {
    if (sample.ts < (this.closedUntil.get(sample.sensorId) ?? -Infinity)) return null;
    const start = Math.floor(sample.ts / this.windowMs) * this.windowMs;
    let window = this.open.get(sample.sensorId);
    let closed: ExtractedFeaturesPayload | null = null;
    if (window && start > window.start) {
      closed = this.close(sample.sensorId, window);
      window = undefined;
    }
    if (window && start < window.start) return closed; // late sample of an older window: already decided
    if (!window) {
      window = { assetId: sample.assetId, unit: sample.unit, start, values: [], firstTs: sample.ts, lastTs: sample.ts, firstPosition: position };
      this.open.set(sample.sensorId, window);
    }
    window.values.push(sample.value);
    window.lastTs = sample.ts;
    return closed;
  }

  private close(sensorId: string, w: OpenWindow): ExtractedFeaturesPayload | null {
    this.open.delete(sensorId);
    const end = w.start + this.windowMs;
    this.closedUntil.set(sensorId, end);
    if (w.values.length < this.minSamples) return null;
    return {
      assetId: w.assetId,
      sensorId,
      unit: w.unit,
      windowStart: w.start,
      windowEnd: end,
      sampleCount: w.values.length,
      firstSampleTs: w.firstTs,
      lastSampleTs: w.lastTs,
      features: computeFeatures(w.values),
    };
  }

  /** The offset to commit on `partition`: the earliest message an open window still needs, if any. */
  holdBack(partition: number): string | undefined {
    let min: bigint | undefined;
    for (const w of this.open.values()) {
      if (w.firstPosition.partition !== partition) continue;
      const o = BigInt(w.firstPosition.offset);
      if (min === undefined || o < min) min = o;
    }
    return min?.toString();
  }
}
