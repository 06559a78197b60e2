import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES, type ServiceName } from '@vigie/contracts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'apps/platform/src/cli.ts');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Runs `vigie <args>` as a real process, its output appended to `logFile`. */
export function spawnVigie(args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return child;
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill(signal);
  });
}

export function baseUrl(name: ServiceName, offset: number): string {
  return `http://127.0.0.1:${SERVICES[name].port + offset}`;
}

/** GET a JSON body, with `Authorization: Bearer <token>` when a token is given (authentication is on by default). */
export async function getJson<T = any>(url: string, token?: string): Promise<{ status: number; body: T }> {
  // `any` default: e2e tests read loosely-typed JSON and assert on its fields.
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs: number, intervalMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Every service's /actuator/health answers UP. */
export async function allUp(names: readonly ServiceName[], offset: number): Promise<boolean> {
  const results = await Promise.all(
    names.map(async (n) => {
      try {
        return (await getJson(`${baseUrl(n, offset)}/actuator/health`)).body.status === 'UP';
      } catch {
        return false;
      }
    }),
  );
  return results.every(Boolean);
}

/** The seed chain for the degrading asset: an anomaly, a RUL prediction and an open work order, over REST. */
export async function chainComplete(
  assetId: string,
  offset: number,
  token?: string,
): Promise<{ anomalies: number; predictions: number; workOrders: number } | null> {
  const [a, r, w] = await Promise.all([
    getJson(`${baseUrl('anomaly-detection', offset)}/api/v1/anomalies/${assetId}`, token),
    getJson(`${baseUrl('rul-prediction', offset)}/api/v1/rul/${assetId}`, token),
    getJson(`${baseUrl('maintenance-orchestrator', offset)}/api/v1/work-orders?assetId=${assetId}`, token),
  ]);
  const open = w.body.workOrders.filter((o: { status: string }) => !['done', 'cancelled'].includes(o.status));
  if (a.body.anomalies.length && r.body.predictions.length && open.length) {
    return { anomalies: a.body.anomalies.length, predictions: r.body.predictions.length, workOrders: open.length };
  }
  return null;
}

/** The admin password the platform prints once, on its first run, on stdout (kept in the platform's log file). */
export function firstRunPassword(logFile: string, timeoutMs = 60_000): Promise<string> {
  return waitFor('the first-run admin password', async () => /password: (\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1], timeoutMs, 250);
}

/**
 * A user's API token from the embedded issuer, as a script of the user would get one: authorization code + PKCE with
 * the dashboard's public client, signing in on the issuer's own login form (the issuer has no password grant). Tokens
 * live 15 minutes; `token()` signs in again a minute before the one it holds expires.
 */
export class UserSession {
  #token: { value: string; renewAt: number } | null = null;
  readonly #cookies = new Map<string, string>();

  constructor(
    private readonly issuer: string,
    private readonly dashboardOrigin: string,
    private readonly user: string,
    private readonly password: string,
  ) {}

  async token(): Promise<string> {
    if (this.#token && Date.now() < this.#token.renewAt) return this.#token.value;
    const { access_token, expires_in } = await this.signIn();
    this.#token = { value: access_token, renewAt: Date.now() + (expires_in - 60) * 1000 };
    return access_token;
  }

  /** `Authorization` header of the session's current token. */
  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  private async go(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(url, this.issuer), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie },
      signal: AbortSignal.timeout(15_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }

  private async signIn(): Promise<{ access_token: string; expires_in: number }> {
    this.#cookies.clear();
    const redirectUri = `${this.dashboardOrigin}/auth/callback`;
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      client_id: 'vigie-dashboard',
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid profile vigie.api', // as the dashboard asks
      state: randomBytes(8).toString('hex'),
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    let res = await this.go(`/auth?${query}`);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const interaction = res.headers.get('location');
    if (!interaction) throw new Error(`sign-in: /auth answered ${res.status} without a redirect`);
    await this.go(interaction);
    res = await this.go(`${interaction}/login`, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ username: this.user, password: this.password }).toString(),
    });
    let location = res.headers.get('location');
    for (let hops = 0; location && !location.startsWith(redirectUri) && hops < 5; hops++) {
      res = await this.go(location);
      location = res.headers.get('location');
    }
    const code = location ? new URL(location).searchParams.get('code') : null;
    if (!code) throw new Error(`sign-in of ${this.user} failed (HTTP ${res.status}): ${(await res.text()).slice(0, 300)}`);
    const tokens = await this.go('/token', {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'vigie-dashboard', code_verifier: verifier }).toString(),
    });
    const body = (await tokens.json()) as { access_token?: string; expires_in?: number; error?: string };
    if (!tokens.ok || !body.access_token) throw new Error(`token request of ${this.user} failed: HTTP ${tokens.status} ${body.error ?? ''}`);
    return { access_token: body.access_token, expires_in: body.expires_in ?? 900 };
  }
}
