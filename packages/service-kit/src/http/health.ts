export type HealthState = 'UP' | 'DOWN';

export interface HealthCheckResult {
  status: HealthState;
  details?: Record<string, unknown>;
}

export type HealthCheck = () => Promise<HealthCheckResult> | HealthCheckResult;

export interface HealthReport {
  status: HealthState;
  service: string;
  version: string;
  uptimeSeconds: number;
  components: Record<string, HealthCheckResult>;
}

/** Named checks (database, bus, sources…) aggregated Spring-Actuator style: DOWN if any component is DOWN. */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly service: string,
    private readonly version: string,
  ) {}

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async report(): Promise<HealthReport> {
    const components: Record<string, HealthCheckResult> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          components[name] = await withTimeout(Promise.resolve(check()), 2000);
        } catch (err) {
          components[name] = { status: 'DOWN', details: { error: (err as Error).message } };
        }
      }),
    );
    const status = Object.values(components).every((c) => c.status === 'UP') ? 'UP' : 'DOWN';
    return {
      status,
      service: this.service,
      version: this.version,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      components,
    };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`health check timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e as Error)),
    );
  });
}
