export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Returns a number in [0, 1); injected so tests are deterministic. */
  readonly random: () => number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, random: Math.random };

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter" (between half and
 * the whole step), so the tablets on the floor do not all hit the monitoring service at once after it restarts.
 */
export function reconnectDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
  const step = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + (step / 2) * options.random());
}
