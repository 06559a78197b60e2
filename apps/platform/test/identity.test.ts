import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, generateDataKey, installAuth, Keyring, PgliteDatabase, SharedSchemaHost, type Database } from '@vigie/service-kit';
import { DASHBOARD_CLIENT_ID, IdentityKeys, startIssuer, UserRepository, type RunningIssuer } from '../src/identity';

/**
 * The embedded OIDC issuer, driven over HTTP as a browser and a service would, its tokens checked by service-kit's
 * bearer-JWT verification (auth.ts) exactly as every Vigie service checks them.
 */
const logger = createLogger('identity-test', 'silent');
const DASHBOARD = 'http://localhost:3190';
const REDIRECT = `${DASHBOARD}/auth/callback`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A cookie jar good enough for one issuer: every cookie is sent back on every request. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  async go(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(new URL(url, this.base), {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    return res;
  }
}

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

describe('embedded OIDC issuer', () => {
  let db: PgliteDatabase;
  let identityDb: Database;
  let keyring: Keyring;
  let issuer: RunningIssuer;
  let issuerUrl: string;
  let port: number;
  let api: FastifyInstance;
  const printed: string[] = [];

  const start = async () =>
    startIssuer({
      issuerUrl,
      port,
      host: '127.0.0.1',
      dashboardOrigins: [DASHBOARD],
      db: identityDb,
      keyring,
      logger,
      print: (t) => printed.push(t),
    });

  /** A protected route behind service-kit's auth hook, returning what it verified. */
  const whoami = async (token: string) => {
    const res = await api.inject({ method: 'GET', url: '/api/v1/whoami', headers: { authorization: `Bearer ${token}` } });
    return {
      status: res.statusCode,
      body: res.json() as { sub: string; roles: string[]; scopes: string[]; claims: Record<string, unknown> },
    };
  };

  const adminPassword = (): string => /password: (\S+)/.exec(printed[0] ?? '')?.[1] ?? '';

  /** GET /auth … → login form → POST credentials → code; returns the final response of the sign-in and the PKCE verifier. */
  async function signIn(browser: Browser, user: string, password: string, lang = 'en') {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const auth = await browser.go(
      `/auth?${new URLSearchParams({ client_id: DASHBOARD_CLIENT_ID, response_type: 'code', redirect_uri: REDIRECT, scope: 'openid profile vigie.api', state: 's1', code_challenge: challenge, code_challenge_method: 'S256' })}`,
    );
    expect(auth.status).toBe(303);
    const interaction = auth.headers.get('location')!;
    expect(interaction).toMatch(/^\/interaction\/[\w-]+$/);
    const page = await browser.go(interaction, { headers: { 'accept-language': lang } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(`${interaction}/login`);
    const posted = await browser.go(action!, {
      ...form({ username: user, password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang },
    });
    return { posted, verifier, html };
  }

  async function followToCode(browser: Browser, res: Response): Promise<string> {
    let location = res.headers.get('location')!;
    for (let hops = 0; !location.startsWith(REDIRECT) && hops < 5; hops++) {
      const r = await browser.go(location);
      if (r.status !== 303) throw new Error(`${location} answered ${r.status}: ${(await r.text()).slice(-200)}`);
      location = r.headers.get('location')!;
    }
    const url = new URL(location);
    expect(url.searchParams.get('state')).toBe('s1');
    return url.searchParams.get('code')!;
  }

  async function token(fields: Record<string, string>, basic?: string) {
    const init = form(fields);
    if (basic) (init.headers as Record<string, string>).authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    const res = await fetch(`${issuerUrl}/token`, init);
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  }

  beforeAll(async () => {
    port = await freePort();
    issuerUrl = `http://127.0.0.1:${port}`;
    db = await PgliteDatabase.open();
    identityDb = new SharedSchemaHost(db).forSchema('identity');
    keyring = Keyring.fromConfig({ keys: generateDataKey('t1') });
    issuer = await start();
    api = Fastify();
    installAuth(api, { issuer: issuerUrl, audience: 'vigie-api', clockToleranceSeconds: 5, jwksCooldownMs: 0 }, new Set(), logger);
    api.get('/api/v1/whoami', async (request) => request.auth);
    await api.ready();
  });

  afterAll(async () => {
    await api?.close();
    await issuer?.close();
    await db?.close();
  });

  it('publishes its discovery document and a JWKS of public ES256 keys', async () => {
    const doc = (await (await fetch(`${issuerUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(issuerUrl);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    const jwks = (await (await fetch(doc.jwks_uri as string)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('creates the first admin once, prints its password once, and stores only a scrypt hash', async () => {
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('user:     admin');
    expect(adminPassword().length).toBeGreaterThanOrEqual(20);
    const { rows } = await identityDb.query<{ name: string; password_hash: string; roles: string[] }>('SELECT * FROM users');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.roles).toEqual(['admin']);
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    const dump = JSON.stringify((await identityDb.query('SELECT * FROM users, secrets, signing_keys')).rows);
    expect(dump).not.toContain(adminPassword());
    expect(dump).not.toMatch(/"d":/); // signing keys are sealed
    // A second start on the same database prints nothing and creates no one.
    await issuer.close();
    issuer = await start();
    expect(printed).toHaveLength(1);
    expect((await identityDb.query('SELECT name FROM users')).rows).toHaveLength(1);
  });

  it('signs a user in with authorization code + PKCE; service-kit verifies the JWT with the user roles', async () => {
    await new UserRepository(identityDb).add('tech1', 'correct horse battery', ['technician', 'viewer']);
    const browser = new Browser(issuerUrl);
    const { posted, html } = await signIn(browser, 'tech1', 'correct horse battery', 'fr-FR,fr;q=0.9,en;q=0.5');
    expect(html).toContain('Connexion à Vigie');
    expect(posted.status).toBe(303);
    const code = await followToCode(browser, posted);
    // PKCE: the code alone (wrong verifier) is refused.
    const stolen = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: DASHBOARD_CLIENT_ID,
      code_verifier: randomBytes(32).toString('base64url'),
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
    // The code was consumed by the failed attempt: sign in again (another browser) for a fresh code.
    const other = new Browser(issuerUrl);
    const again = await signIn(other, 'tech1', 'correct horse battery');
    const code2 = await followToCode(other, again.posted);
    const tokens = await token({
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: REDIRECT,
      client_id: DASHBOARD_CLIENT_ID,
      code_verifier: again.verifier,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.token_type).toBe('Bearer');
    expect(Number(tokens.body.expires_in)).toBeLessThanOrEqual(900);
    expect(tokens.body.refresh_token).toBeTruthy();
    expect(decodeProtectedHeader(tokens.body.access_token!).alg).toBe('ES256');
    const who = await whoami(tokens.body.access_token!);
    expect(who.status).toBe(200);
    expect(who.body.sub).toBe('tech1');
    expect(who.body.roles).toEqual(['technician', 'viewer']);
    expect(who.body.scopes).toContain('vigie.api');
    expect(who.body.claims).toMatchObject({ iss: issuerUrl, aud: 'vigie-api', client_id: DASHBOARD_CLIENT_ID });
    expect((who.body.claims.exp as number) - (who.body.claims.iat as number)).toBe(900);
    // The ID token names the user for the dashboard's user menu.
    const idClaims = JSON.parse(Buffer.from(tokens.body.id_token!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(idClaims).toMatchObject({ sub: 'tech1', preferred_username: 'tech1', roles: ['technician', 'viewer'] });
    // Silent renewal: the refresh token gives a new access token (and a rotated refresh token: public client).
    const renewed = await token({ grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token!, client_id: DASHBOARD_CLIENT_ID });
    expect(renewed.status).toBe(200);
    expect(renewed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    expect((await whoami(renewed.body.access_token!)).body.roles).toEqual(['technician', 'viewer']);
  });

  it('answers a wrong password or an unknown user with the same generic message, and throttles guessing', async () => {
    const browser = new Browser(issuerUrl);
    const wrong = await signIn(browser, 'admin', 'not the password at all');
    expect(wrong.posted.status).toBe(401);
    const body = await wrong.posted.text();
    expect(body).toContain('Invalid user or password.');
    const unknown = await signIn(new Browser(issuerUrl), 'nobody', 'not the password at all');
    expect(unknown.posted.status).toBe(401);
    expect(await unknown.posted.text()).toContain('Invalid user or password.');
    const fr = await signIn(new Browser(issuerUrl), 'nobody', 'nope nope nope', 'fr');
    expect(await fr.posted.text()).toContain('Utilisateur ou mot de passe invalide.');
    for (let i = 0; i < 4; i++) await signIn(new Browser(issuerUrl), 'admin', `wrong password ${i}`);
    // Five failures for admin from this IP: even the right password is refused for now.
    const throttled = await signIn(new Browser(issuerUrl), 'admin', adminPassword());
    expect(throttled.posted.status).toBe(429);
    expect(throttled.posted.headers.get('retry-after')).toBeTruthy();
  });

  it('refuses a sign-in post without the interaction cookie (cross-site request)', async () => {
    const browser = new Browser(issuerUrl);
    const { html } = await signIn(browser, 'tech1', 'wrong password here');
    const action = /<form method="post" action="([^"]+)"/.exec(html)![1]!;
    const forged = await fetch(`${issuerUrl}${action}`, {
      ...form({ username: 'tech1', password: 'correct horse battery' }),
      redirect: 'manual',
    });
    expect(forged.status).toBe(400);
  });

  it('gives a service client a client_credentials JWT with role service and scope vigie.service; a wrong secret is refused', async () => {
    const secret = await issuer.serviceClientSecret('monitoring');
    const res = await token({ grant_type: 'client_credentials', scope: 'vigie.service' }, `vigie-monitoring:${secret}`);
    expect(res.status).toBe(200);
    const who = await whoami(res.body.access_token!);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ sub: 'vigie-monitoring', roles: ['service'], scopes: ['vigie.service'] });
    // The embedded launcher's own client is also admin (it starts the ingestion sources at boot).
    const platform = await token(
      { grant_type: 'client_credentials', scope: 'vigie.service' },
      `vigie-platform:${await issuer.serviceClientSecret('platform')}`,
    );
    expect((await whoami(platform.body.access_token!)).body).toMatchObject({ sub: 'vigie-platform', roles: ['service', 'admin'] });
    const bad = await token({ grant_type: 'client_credentials', scope: 'vigie.service' }, 'vigie-monitoring:wrong');
    expect(bad.status).toBe(401);
    // A service client cannot get the users' scope: the resource gives it vigie.service only.
    const userScope = await token({ grant_type: 'client_credentials', scope: 'vigie.api' }, `vigie-monitoring:${secret}`);
    expect(userScope.body.scope ?? '').not.toContain('vigie.api');
    if (userScope.status === 200) expect((await whoami(userScope.body.access_token!)).body.scopes).not.toContain('vigie.api');
  });

  it('rotates its signing key: tokens signed before and after both verify', async () => {
    const secret = await issuer.serviceClientSecret('rul-prediction');
    const cc = () => token({ grant_type: 'client_credentials', scope: 'vigie.service' }, `vigie-rul-prediction:${secret}`);
    const before = (await cc()).body.access_token!;
    expect((await whoami(before)).status).toBe(200);
    await issuer.close();
    const { kid, retiring } = await new IdentityKeys(identityDb, keyring).rotate(); // what `vigie keys rotate` does
    issuer = await start();
    const after = (await cc()).body.access_token!;
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(retiring).toContain(decodeProtectedHeader(before).kid);
    const jwks = (await (await fetch(`${issuerUrl}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([kid, ...retiring]);
    expect((await whoami(after)).status).toBe(200);
    expect((await whoami(before)).status).toBe(200);
    // A tampered signature is refused.
    const tampered = after.slice(0, -4) + (after.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await whoami(tampered)).status).toBe(401);
    // Once retired (past its retire date), the old key leaves the JWKS.
    const later = new Date(Date.now() + 3 * 60 * 60 * 1000);
    expect((await new IdentityKeys(identityDb, keyring).signingKeys(later)).map((k) => k.kid)).toEqual([kid]);
  });

  it('keeps a user signed in across an issuer restart (sessions and refresh tokens in the database)', async () => {
    const browser = new Browser(issuerUrl);
    const s = await signIn(browser, 'tech1', 'correct horse battery');
    const code = await followToCode(browser, s.posted);
    const t = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: DASHBOARD_CLIENT_ID,
      code_verifier: s.verifier,
    });
    await issuer.close();
    issuer = await start();
    const renewed = await token({ grant_type: 'refresh_token', refresh_token: t.body.refresh_token!, client_id: DASHBOARD_CLIENT_ID });
    expect(renewed.status).toBe(200);
  });
});
