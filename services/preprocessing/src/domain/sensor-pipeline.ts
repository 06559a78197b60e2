import type { PreprocessedSample } from '@vigie/contracts';
import { BaselineDetrend, type DetrendState } from './operators/baseline-detrend';
import { StreamingButterworth, type ButterworthState } from './operators/butterworth';
import { FlatLine, type FlatLineState } from './operators/flat-line';
import { Regularize, type RegularizeState } from './operators/regularize';
import { ReorderBuffer, type HeldPoint, type ReorderState } from './operators/reorder-buffer';
import { RobustNormalizer, type NormalizeState } from './operators/robust-normalizer';
import { StreamingHampel, type HampelState } from './operators/streaming-hampel';
import { ValidateImpute, type ValidateState } from './operators/validate-impute';
import type { ResolvedOptions } from './options';
import { buildReport, diffCounters, type BatchReport, type Counters } from './pipeline-report';
import type { InputPoint, Point } from './point';

/** Everything a sensor's stream needs to continue after a restart (stored as jsonb in `preprocessing_state`). */
export interface SensorState {
  v: 1;
  reorder: ReorderState;
  validate: ValidateState;
  hampel?: HampelState;
  flatLine?: FlatLineState;
  regularize: RegularizeState;
  butterworth?: ButterworthState;
  detrend?: DetrendState;
  normalize: NormalizeState;
  /** Idle flushes so far (kept by the service, not the operators). */
  flushes?: number;
}

/**
 * One sensor's streaming pipeline: dedupe and reorder → validate and impute → Hampel → flat line → gaps and
 * resampling → Butterworth → detrend → robust normalisation. Pushing a stream in any number of chunks gives the same
 * samples as pushing it whole; `flush()` releases whatever the operators hold (a sensor gone quiet, the end of a
 * posted batch). A stage switched off while it still held points (a configuration change across a restart) releases
 * them first.
 */
export class SensorPipeline {
  private readonly reorder: ReorderBuffer;
  private readonly validate: ValidateImpute;
  private hampel: StreamingHampel | null;
  private flatLine: FlatLine | null;
  private readonly regularize: Regularize;
  private readonly butterworth: StreamingButterworth | null;
  private readonly detrend: BaselineDetrend | null;
  private readonly normalize: RobustNormalizer;

  constructor(
    readonly options: ResolvedOptions,
    state?: SensorState,
  ) {
    const o = options;
    this.reorder = new ReorderBuffer(o.latenessMs, state?.reorder);
    this.validate = new ValidateImpute({ range: o.range, maxImputeSamples: o.imputation.maxImputeSamples }, state?.validate);
    const keepHampel = o.hampel.enabled || (state?.hampel?.pending.length ?? 0) > 0;
    this.hampel = keepHampel ? new StreamingHampel(o.hampel, state?.hampel) : null;
    const keepFlat = o.flatLine.enabled || (state?.flatLine?.held.length ?? 0) > 0;
    this.flatLine = keepFlat ? new FlatLine(o.flatLine, state?.flatLine) : null;
    this.regularize = new Regularize(
      {
        resample: o.resample.enabled,
        periodMs: o.resample.periodMs,
        gapFactor: o.imputation.gapFactor,
        maxImputeSamples: o.imputation.maxImputeSamples,
      },
      state?.regularize,
    );
    const b = o.butterworth;
    this.butterworth =
      b.enabled && b.cutoffHz !== null
        ? new StreamingButterworth({ type: b.type, order: b.order, cutoffHz: b.cutoffHz }, state?.butterworth)
        : null;
    this.detrend = o.detrend.enabled ? new BaselineDetrend(o.detrend, state?.detrend) : null;
    this.normalize = new RobustNormalizer(o.normalization, state?.normalize);
  }

  /** Samples held by any stage (waiting for the watermark, a neighbour, the look-ahead or the end of a flat run). */
  get held(): number {
    return this.reorder.held + this.validate.heldCount + (this.hampel?.heldCount ?? 0) + (this.flatLine?.heldCount ?? 0);
  }

  push(samples: readonly InputPoint[]): { samples: PreprocessedSample[]; report: BatchReport } {
    return this.run(samples.length, (released) => this.reorder.push(samples, released), false);
  }

  flush(): { samples: PreprocessedSample[]; report: BatchReport } {
    return this.run(0, (released) => this.reorder.flush(released), true);
  }

  snapshot(): SensorState {
    return {
      v: 1,
      reorder: this.reorder.snapshot(),
      validate: this.validate.snapshot(),
      ...(this.hampel ? { hampel: this.hampel.snapshot() } : {}),
      ...(this.flatLine ? { flatLine: this.flatLine.snapshot() } : {}),
      regularize: this.regularize.snapshot(),
      ...(this.butterworth ? { butterworth: this.butterworth.snapshot() } : {}),
      ...(this.detrend ? { detrend: this.detrend.snapshot() } : {}),
      normalize: this.normalize.snapshot(),
    };
  }

  private run(received: number, feed: (released: HeldPoint[]) => void, flush: boolean) {
    const before = this.counters();
    const released: HeldPoint[] = [];
    feed(released);
    let points: Point[] = [];
    this.validate.push(released, points);
    if (flush) this.validate.flush(points);
    points = this.stage(this.hampel, this.options.hampel.enabled, points, flush, () => (this.hampel = null));
    points = this.stage(this.flatLine, this.options.flatLine.enabled, points, flush, () => (this.flatLine = null));
    const regular: Point[] = [];
    this.regularize.push(points, regular);
    this.butterworth?.push(regular, this.regularize.periodMs);
    this.detrend?.push(regular);
    this.normalize.push(regular);
    const samples = regular.map(toSample);
    const after = this.counters();
    const delta = diffCounters(after, before);
    const context = { periodMs: this.regularize.periodMs, filterError: this.butterworth?.error ?? null, stats: this.normalize.stats };
    return { samples, report: buildReport(this.options, received, samples, delta, context) };
  }

  /** Runs a holding stage; a stage switched off releases what it held, then goes away. */
  private stage(op: StreamingHampel | FlatLine | null, enabled: boolean, input: Point[], flush: boolean, drop: () => void): Point[] {
    if (op === null) return input;
    const out: Point[] = [];
    if (!enabled) {
      op.flush(out);
      drop();
      return [...out, ...input];
    }
    op.push(input, out);
    if (flush) op.flush(out);
    return out;
  }

  private counters(): Counters {
    return {
      duplicates: this.reorder.duplicates,
      late: this.reorder.late,
      reordered: this.reorder.reordered,
      badQuality: this.validate.badQuality,
      outOfRange: this.validate.outOfRange,
      imputed: this.validate.imputed + this.regularize.filled,
      unimputable: this.validate.unimputable,
      spikes: this.hampel?.spikes ?? 0,
      flat: this.flatLine?.flagged ?? 0,
      gaps: this.regularize.gaps,
      resampled: this.regularize.resampled,
      filtered: this.butterworth?.filtered ?? 0,
      detrended: this.detrend?.detrended ?? 0,
      normalized: this.normalize.normalized,
    };
  }
}

function toSample(p: Point): PreprocessedSample {
  const s: PreprocessedSample = { ts: p.ts, value: p.value, quality: p.quality, flags: p.flags };
  if (p.raw !== undefined) s.raw = p.raw;
  if (p.normalized !== undefined) s.normalized = p.normalized;
  return s;
}
