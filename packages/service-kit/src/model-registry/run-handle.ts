import { ModelRegistryError } from './errors';
import type { Metrics, RunEndStatus, TrainingRun } from './model-registry';
import { assertValidArtifactPath, assertValidBytes, assertValidEndStatus, assertValidMetrics } from './validation';

/** One logged value of a metric. */
export interface MetricPoint {
  readonly key: string;
  readonly value: number;
  readonly step: number;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

/** What an adapter does for a run; the handle validates the call and enforces the run's state first. */
export interface RunWriter {
  logMetrics(points: readonly MetricPoint[]): Promise<void>;
  logArtifact(path: string, bytes: Uint8Array): Promise<void>;
  end(status: RunEndStatus, endedAt: number): Promise<void>;
}

/**
 * The TrainingRun both adapters hand out, so that validation and the ended-run rule are the same code for both:
 * MLflow itself would accept metrics on a finished run, which would make its history disagree with the
 * directory adapter's.
 */
export class RunHandle implements TrainingRun {
  #ended = false;

  constructor(
    readonly id: string,
    readonly experiment: string,
    private readonly writer: RunWriter,
    private readonly now: () => number = Date.now,
  ) {}

  async logMetrics(metrics: Metrics, step = 0): Promise<void> {
    assertValidMetrics(metrics, step);
    this.#open('logMetrics');
    const timestamp = this.now();
    await this.writer.logMetrics(Object.entries(metrics).map(([key, value]) => ({ key, value, step, timestamp })));
  }

  async logArtifact(path: string, bytes: Uint8Array): Promise<void> {
    assertValidArtifactPath(path);
    assertValidBytes(bytes);
    this.#open('logArtifact');
    await this.writer.logArtifact(path, bytes);
  }

  async end(status: RunEndStatus = 'FINISHED'): Promise<void> {
    assertValidEndStatus(status);
    this.#open('end');
    // Marked first: a second `end` racing this one must fail, not write a second end time.
    this.#ended = true;
    try {
      await this.writer.end(status, this.now());
    } catch (error) {
      this.#ended = false;
      throw error;
    }
  }

  #open(operation: string): void {
    if (this.#ended) throw new ModelRegistryError('REGISTRY_CONFLICT', { runId: this.id, reason: `${operation} after the run ended` });
  }
}

/**
 * A run's value of each metric from its points: the highest step wins, then the latest timestamp, then the
 * largest value. That is MLflow's rule for `latest_metrics`, so both adapters report the same numbers.
 */
export function latestMetrics(points: Iterable<MetricPoint>): Record<string, number> {
  const latest = new Map<string, MetricPoint>();
  for (const point of points) {
    const current = latest.get(point.key);
    if (current === undefined || compare(point, current) >= 0) latest.set(point.key, point);
  }
  return Object.fromEntries([...latest].map(([key, point]) => [key, point.value]));
}

function compare(a: MetricPoint, b: MetricPoint): number {
  return a.step - b.step || a.timestamp - b.timestamp || a.value - b.value;
}
