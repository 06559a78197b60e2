import type { z } from 'zod';
import { ModelRegistryError, type ModelRegistryErrorCode } from './errors';

export interface MlflowHttpOptions {
  /** `http://host:port`, no trailing slash. */
  readonly baseUrl: string;
  readonly requestTimeoutMs: number;
  /** Artifact uploads and downloads: megabytes, not bytes. */
  readonly artifactTimeoutMs: number;
  /** Sent as `Authorization: Bearer …` when set (a server behind an authenticating proxy). Secret. */
  readonly token?: string;
}

/** MLflow's `error_code`s that are not "the server failed", by what they mean to the caller. */
const CODES: Readonly<Record<string, ModelRegistryErrorCode>> = {
  RESOURCE_DOES_NOT_EXIST: 'REGISTRY_NOT_FOUND',
  ENDPOINT_NOT_FOUND: 'REGISTRY_UNAVAILABLE',
  RESOURCE_ALREADY_EXISTS: 'REGISTRY_CONFLICT',
  INVALID_STATE: 'REGISTRY_CONFLICT',
  INVALID_PARAMETER_VALUE: 'REGISTRY_BAD_INPUT',
  BAD_REQUEST: 'REGISTRY_BAD_INPUT',
  MALFORMED_REQUEST: 'REGISTRY_BAD_INPUT',
};

/**
 * MLflow's REST API over `fetch`: JSON in and out, every response checked against a zod schema, and every failure
 * turned into a ModelRegistryError. A request that outlives its timeout is aborted and reported as
 * REGISTRY_UNAVAILABLE, like a refused connection or a 5xx: the caller may retry all three.
 */
export class MlflowHttp {
  constructor(private readonly options: MlflowHttpOptions) {}

  /** GET `/api/2.0/mlflow/<path>?<query>`. */
  async get<S extends z.ZodType>(path: string, query: Record<string, string>, schema: S): Promise<z.output<S>> {
    const url = `${this.options.baseUrl}/api/2.0/mlflow/${path}?${new URLSearchParams(query).toString()}`;
    return this.#json(url, { method: 'GET' }, schema);
  }

  /** POST `/api/2.0/mlflow/<path>` with a JSON body. */
  async post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    const init = { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    return this.#json(`${this.options.baseUrl}/api/2.0/mlflow/${path}`, init, schema);
  }

  /** GET on the artifact proxy, e.g. its directory listing `?path=`. */
  async getArtifactJson<S extends z.ZodType>(query: Record<string, string>, schema: S): Promise<z.output<S>> {
    return this.#json(`${this.#artifactUrl('')}?${new URLSearchParams(query).toString()}`, { method: 'GET' }, schema);
  }

  /** PUT a file through the server's artifact proxy; `path` is relative to its artifacts destination. */
  async putArtifact(path: string, bytes: Uint8Array): Promise<void> {
    // fetch takes views of an ArrayBuffer only; one over a SharedArrayBuffer is copied.
    const body = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
    const init = { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } };
    const response = await this.#fetch(this.#artifactUrl(path), init, this.options.artifactTimeoutMs);
    await this.#check(response);
    await response.body?.cancel();
  }

  async getArtifact(path: string): Promise<Uint8Array> {
    const response = await this.#fetch(this.#artifactUrl(path), { method: 'GET' }, this.options.artifactTimeoutMs);
    await this.#check(response);
    return new Uint8Array(await this.#read(() => response.arrayBuffer()));
  }

  /** `GET /health`: the text `OK` when the server serves requests. */
  async health(): Promise<string> {
    const response = await this.#fetch(`${this.options.baseUrl}/health`, { method: 'GET' }, this.options.requestTimeoutMs);
    await this.#check(response);
    return this.#read(() => response.text());
  }

  #artifactUrl(path: string): string {
    const encoded = path === '' ? '' : `/${path.split('/').map(encodeURIComponent).join('/')}`;
    return `${this.options.baseUrl}/api/2.0/mlflow-artifacts/artifacts${encoded}`;
  }

  async #json<S extends z.ZodType>(url: string, init: RequestInit, schema: S): Promise<z.output<S>> {
    const response = await this.#fetch(url, init, this.options.requestTimeoutMs);
    await this.#check(response);
    const text = await this.#read(() => response.text());
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      throw unavailable(`${describe(url)} answered ${response.status} with non-JSON`, error);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw unavailable(`${describe(url)} answered an unexpected shape: ${result.error.message}`);
    return result.data;
  }

  async #fetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.token !== undefined) headers.set('authorization', `Bearer ${this.options.token}`);
    try {
      return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : causeMessage(error);
      throw unavailable(`${describe(url)}: ${reason}`, error);
    }
  }

  /** Reading the body can time out too (the same signal covers it). */
  async #read<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw unavailable(`reading the response failed: ${causeMessage(error)}`, error);
    }
  }

  async #check(response: Response): Promise<void> {
    if (response.ok) return;
    const text = await response.text().catch(() => '');
    let mlflowCode: string | undefined;
    let message = text.slice(0, 500);
    try {
      const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
      if (typeof body.error_code === 'string') mlflowCode = body.error_code;
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not MLflow's JSON error (a proxy's HTML page, say): the status decides.
    }
    const code = codeFor(response.status, mlflowCode);
    throw new ModelRegistryError(code, { reason: `${describe(response.url)} → ${response.status} ${mlflowCode ?? ''} ${message}`.trim() });
  }
}

function codeFor(status: number, mlflowCode: string | undefined): ModelRegistryErrorCode {
  if (status === 401 || status === 403 || status === 429 || status >= 500) return 'REGISTRY_UNAVAILABLE';
  const mapped = mlflowCode === undefined ? undefined : CODES[mlflowCode];
  if (mapped !== undefined) return mapped;
  return status === 404 ? 'REGISTRY_NOT_FOUND' : status === 409 ? 'REGISTRY_CONFLICT' : 'REGISTRY_BAD_INPUT';
}

function unavailable(reason: string, cause?: unknown): ModelRegistryError {
  return new ModelRegistryError('REGISTRY_UNAVAILABLE', { reason }, { cause });
}

/** The endpoint without its query, which may hold names worth keeping out of logs' cardinality. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** fetch wraps the socket error (ECONNREFUSED…) in a TypeError whose own message is only "fetch failed". */
function causeMessage(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? `: ${(cause as NodeJS.ErrnoException).code ?? cause.message}` : '';
  return `${(error as Error).message}${inner}`;
}
