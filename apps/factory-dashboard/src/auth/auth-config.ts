/** `auth` of /config.json: the OIDC issuer and this app's client id. Absent: the dashboard needs no sign-in. */
export interface AuthConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** Scopes to ask for (an external provider names its own); the dashboard's default (SCOPES) when absent. */
  readonly scope?: string;
}

/** The `auth` entry of a /config.json document; null when absent, an error when present but malformed. */
export function parseAuthConfig(raw: unknown): AuthConfig | null {
  if (typeof raw !== 'object' || raw === null || !('auth' in raw) || raw.auth === undefined || raw.auth === null) return null;
  const { issuer, clientId, scope } = raw.auth as Record<string, unknown>;
  if (typeof issuer !== 'string' || !/^https?:\/\//.test(issuer) || typeof clientId !== 'string' || clientId === '')
    throw new Error('/config.json: auth must be { issuer: "http(s)://…", clientId: "…", scope?: "…" }');
  if (scope !== undefined && (typeof scope !== 'string' || scope.trim() === ''))
    throw new Error('/config.json: auth.scope must be a non-empty string of space-separated scopes');
  return { issuer, clientId, ...(scope !== undefined ? { scope } : {}) };
}

/** Fetches /config.json and reads its `auth` entry. */
export async function loadAuthConfig(): Promise<AuthConfig | null> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json: HTTP ${res.status}`);
  return parseAuthConfig(await res.json());
}
