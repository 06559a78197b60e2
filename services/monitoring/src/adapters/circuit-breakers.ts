import CircuitBreaker from 'opossum';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitOptions {
  /** How long an open circuit fails fast before it lets one probe through (half-open). */
  readonly resetMs: number;
  /** Calls in the rolling window before the error rate is judged. */
  readonly volumeThreshold: number;
  /** Error rate (%) above which the circuit opens. */
  readonly errorThresholdPercentage: number;
  /** The rolling window over which calls are counted. */
  readonly rollingWindowMs: number;
}

type Breaker = CircuitBreaker<[() => Promise<unknown>], unknown>;

/** True when opossum refused the call because the circuit is open (the action did not run). */
export function isCircuitOpenError(err: unknown): boolean {
  return err instanceof Error && (err as Error & { code?: string }).code === 'EOPENBREAKER';
}

export function stateOf(breaker: Breaker): CircuitState {
  return breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
}

/**
 * One opossum breaker per target and use: `health` around the /actuator/health poll (a DOWN answer counts as a
 * failure), `gateway` around forwarded requests (only a refused connection or a timeout counts: a 4xx/5xx is the
 * upstream's answer, passed on). Each opens after repeated failures, fails fast while open, and after `resetMs` lets
 * one call through (half-open) whose outcome closes or reopens it.
 */
export class TargetCircuits {
  readonly #health = new Map<string, Breaker>();
  readonly #gateway = new Map<string, Breaker>();

  constructor(
    services: readonly string[],
    readonly options: CircuitOptions,
  ) {
    for (const s of services) {
      this.#health.set(s, this.#create(`${s}:health`));
      this.#gateway.set(s, this.#create(`${s}:gateway`));
    }
  }

  /** Runs `call` through the service's breaker of that use; rejects with EOPENBREAKER while it is open. */
  async run<T>(use: 'health' | 'gateway', service: string, call: () => Promise<T>): Promise<T> {
    const breaker = this.#breaker(use, service);
    return (await breaker.fire(call)) as T;
  }

  state(use: 'health' | 'gateway', service: string): CircuitState {
    return stateOf(this.#breaker(use, service));
  }

  /** Both states of a service, as shown in service_status.details.circuit. */
  describe(service: string): { health: CircuitState; gateway: CircuitState } | null {
    if (!this.#health.has(service)) return null;
    return { health: this.state('health', service), gateway: this.state('gateway', service) };
  }

  shutdown(): void {
    for (const b of [...this.#health.values(), ...this.#gateway.values()]) b.shutdown();
  }

  #breaker(use: 'health' | 'gateway', service: string): Breaker {
    const breaker = (use === 'health' ? this.#health : this.#gateway).get(service);
    if (!breaker) throw new Error(`no circuit for service ${service}`);
    return breaker;
  }

  #create(name: string): Breaker {
    const { resetMs, volumeThreshold, errorThresholdPercentage, rollingWindowMs } = this.options;
    return new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      name,
      timeout: false, // each call carries its own AbortSignal timeout, which also ends the request
      resetTimeout: resetMs,
      volumeThreshold,
      errorThresholdPercentage,
      rollingCountTimeout: rollingWindowMs,
      rollingCountBuckets: 10,
    });
  }
}
