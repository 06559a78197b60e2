import type { Logger } from '@vigie/service-kit';
import { PipelineRules, resolveOptions, type ResolvedOptions } from '../domain/options';
import { SensorPipeline } from '../domain/sensor-pipeline';
import type { PreprocessingRepository, StoredSensor } from '../adapters/preprocessing-repository';

export interface SensorStream {
  readonly sensorId: string;
  assetId: string;
  unit: string;
  pipeline: SensorPipeline;
  /** Idle flushes so far: numbers the flush events (`pp:flush:<sensor>:<n>`), so their ids replay identically. */
  flushes: number;
  /** Wall-clock time of the last input (idle flush). */
  lastInputAt: number;
}

const NO_RULES = PipelineRules.parse({});

/**
 * The live pipelines, one per sensor, kept in memory up to maxSensors (least recently used evicted: their state
 * is in `preprocessing_state` and comes back on their next event). One lock serialises the consumer and the idle
 * flush. After a failed batch the sensors it touched are evicted, so their next event starts again from the state
 * stored with the last committed batch.
 */
export class SensorStreams {
  private readonly streams = new Map<string, SensorStream>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: PreprocessingRepository,
    private readonly rules: PipelineRules,
    private readonly maxSensors: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `fn` after every earlier call has finished. */
  lock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async restore(): Promise<void> {
    for (const s of (await this.repo.loadStates(this.maxSensors)).reverse()) this.add(s);
  }

  /** Makes sure every sensor has its stream: from memory, from the database, or new. */
  async ensure(sensors: readonly { sensorId: string; assetId: string; unit: string }[]): Promise<void> {
    const missing = [...new Set(sensors.filter((s) => !this.streams.has(s.sensorId)).map((s) => s.sensorId))];
    for (const stored of await this.repo.loadStatesFor(missing)) this.add(stored);
    for (const s of sensors) if (!this.streams.has(s.sensorId)) this.add({ ...s, state: undefined });
  }

  get(sensorId: string): SensorStream {
    const s = this.streams.get(sensorId);
    if (s === undefined) throw new Error(`no stream for ${sensorId}: call ensure() first`);
    // Map order is the eviction order: a used stream moves to the end.
    this.streams.delete(sensorId);
    this.streams.set(sensorId, s);
    return s;
  }

  evict(sensorIds: Iterable<string>): void {
    for (const id of sensorIds) this.streams.delete(id);
  }

  /** Streams holding samples whose last input is older than idleMs. */
  idle(idleMs: number): SensorStream[] {
    const before = this.now() - idleMs;
    return [...this.streams.values()].filter((s) => s.lastInputAt <= before && s.pipeline.held > 0);
  }

  snapshot(s: SensorStream): StoredSensor {
    return { sensorId: s.sensorId, assetId: s.assetId, unit: s.unit, state: { ...s.pipeline.snapshot(), flushes: s.flushes } };
  }

  private add(stored: Omit<StoredSensor, 'state'> & { state: StoredSensor['state'] | undefined }): void {
    const options = this.optionsFor(stored);
    this.streams.set(stored.sensorId, {
      sensorId: stored.sensorId,
      assetId: stored.assetId,
      unit: stored.unit,
      pipeline: new SensorPipeline(options, stored.state),
      flushes: stored.state?.flushes ?? 0,
      lastInputAt: this.now(),
    });
    while (this.streams.size > this.maxSensors) this.streams.delete(this.streams.keys().next().value!);
  }

  private optionsFor(sensor: { sensorId: string; unit: string }): ResolvedOptions {
    try {
      return resolveOptions(this.rules, sensor);
    } catch (err) {
      // The file was checked at start; a combination of layers can still be unusable for one sensor. Its samples
      // must keep flowing: it runs on the built-in defaults, loudly.
      this.logger.error({ err, sensorId: sensor.sensorId }, 'preprocessing options unusable for this sensor; using the defaults');
      return resolveOptions(NO_RULES, sensor);
    }
  }
}
