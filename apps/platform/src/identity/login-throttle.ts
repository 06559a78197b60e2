/**
 * Failed sign-ins per (user name, client IP): after `maxFailures` within `windowMs`, that pair is refused until the
 * window has passed since its first failure, without checking the password (so guessing costs the attacker time,
 * not the server scrypt work). A success clears the pair. In memory: the issuer is one process (embedded profile).
 */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private key(user: string, ip: string): string {
    return `${user.toLowerCase()}\u0000${ip}`;
  }

  /** Milliseconds until this pair may try again; 0 when it may try now. */
  retryAfterMs(user: string, ip: string): number {
    const entry = this.#failures.get(this.key(user, ip));
    if (!entry) return 0;
    const elapsed = this.now() - entry.since;
    if (elapsed >= this.windowMs) {
      this.#failures.delete(this.key(user, ip));
      return 0;
    }
    return entry.count >= this.maxFailures ? this.windowMs - elapsed : 0;
  }

  fail(user: string, ip: string): void {
    const key = this.key(user, ip);
    const entry = this.#failures.get(key);
    if (!entry || this.now() - entry.since >= this.windowMs) this.#failures.set(key, { count: 1, since: this.now() });
    else entry.count += 1;
    if (this.#failures.size > 100_000) this.#failures.delete(this.#failures.keys().next().value!); // bounded memory
  }

  succeed(user: string, ip: string): void {
    this.#failures.delete(this.key(user, ip));
  }
}
