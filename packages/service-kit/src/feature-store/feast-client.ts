import { FeatureStoreError } from './errors';

/** Statuses that say "not now" rather than "not this": a proxy or a restarting server. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);
/** Enough of an error body to explain it in a log line, not enough to flood one. */
const MAX_ERROR_TEXT = 500;

/**
 * JSON over HTTP to a Feast feature server, with a timeout per request and every failure mapped to a stable code:
 * FEATURE_STORE_UNAVAILABLE (no connection, no answer in time, 502/503/504), FEATURE_STORE_REJECTED (any other
 * non-2xx: Feast answers 422 or 500 for an unknown push source, feature view or column) and
 * FEATURE_STORE_RESPONSE_INVALID (a 2xx body that is not JSON).
 */
export class FeastClient {
  readonly #base: string;

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    this.#base = url.replace(/\/+$/, '');
  }

  /** POSTs `body` as JSON; resolves with the parsed answer (`undefined` for an empty one). */
  async post(path: string, body: unknown): Promise<unknown> {
    const response = await this.#fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await this.#read(path, response);
    if (!response.ok) {
      const code = UNAVAILABLE_STATUSES.has(response.status) ? 'FEATURE_STORE_UNAVAILABLE' : 'FEATURE_STORE_REJECTED';
      throw new FeatureStoreError(code, { status: response.status, reason: `POST ${path}: ${text.slice(0, MAX_ERROR_TEXT)}` });
    }
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new FeatureStoreError(
        'FEATURE_STORE_RESPONSE_INVALID',
        { status: response.status, reason: `POST ${path}: not JSON` },
        { cause: error },
      );
    }
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.#base}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw this.#unavailable(path, error);
    }
  }

  /** The body is read under the same timeout: a server may send headers and then stall. */
  async #read(path: string, response: Response): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.#unavailable(path, error);
    }
  }

  #unavailable(path: string, error: unknown): FeatureStoreError {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const reason = timedOut ? `no answer within ${this.timeoutMs} ms` : describe(error);
    return new FeatureStoreError('FEATURE_STORE_UNAVAILABLE', { reason: `${path}: ${reason}` }, { cause: error });
  }
}

/** fetch wraps the socket error (ECONNREFUSED…) in a bare "fetch failed": name the cause too. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`;
}
