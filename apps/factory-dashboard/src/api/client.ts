/**
 * REST calls from the browser. The monitoring service is the dashboard's API gateway (seed §5.3): every request goes
 * to its origin (`monitoringUrl` of /config.json), which forwards `/api/v1/...` to the service that owns the route.
 */

/** An error answer of the platform (`{ error: { code, message } }`) or a network failure (`status` 0, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let baseUrl: Promise<string> | null = null;

/** Where the gateway is: read once from /config.json (the page's own origin serves it). */
export function gatewayBaseUrl(): Promise<string> {
  baseUrl ??= fetch('/config.json', { cache: 'no-store' })
    .then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { monitoringUrl?: unknown };
      if (typeof body.monitoringUrl !== 'string') throw new Error('/config.json lacks monitoringUrl');
      return body.monitoringUrl.replace(/\/$/, '');
    })
    .catch((err: unknown) => {
      baseUrl = null; // try again on the next call
      throw new ApiError(0, 'NETWORK', `cannot load /config.json: ${(err as Error).message}`);
    });
  return baseUrl;
}

/** Lets tests and the bench point the client at a gateway without /config.json. */
export function setGatewayBaseUrl(url: string): void {
  baseUrl = Promise.resolve(url.replace(/\/$/, ''));
}

/** Adds headers to every request (the SSO layer sets `authorization`). */
let headerProvider: () => Record<string, string> | Promise<Record<string, string>> = () => ({});
export function setRequestHeaderProvider(provider: () => Record<string, string> | Promise<Record<string, string>>): void {
  headerProvider = provider;
}

export async function apiRequest<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const base = await gatewayBaseUrl();
  const headers: Record<string, string> = { accept: 'application/json', ...(await headerProvider()) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body), signal: signal ?? null });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', `${method} ${path}: ${(err as Error).message}`);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, 'BAD_RESPONSE', `${method} ${path}: the answer is not JSON`);
    }
  }
  if (!res.ok) {
    const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    throw new ApiError(
      res.status,
      typeof error?.code === 'string' ? error.code : `HTTP_${res.status}`,
      typeof error?.message === 'string' ? error.message : `${method} ${path} answered ${res.status}`,
      error?.details,
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>('GET', path, undefined, signal),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, body ?? {}),
};
