import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, AssetCatalog, ClientCredentials, createLogger, fetchWithToken, tokenProviderFromEnv } from '../src';

const CLIENT = 'vigie-monitoring';
const SECRET = 's3cret:with/odd chars';

interface Issuer {
  url: string;
  /** Requests seen, by path. */
  hits: { discovery: number; token: number; resource: string[] };
  /** Tokens the resource accepts (the test revokes one by deleting it). */
  valid: Set<string>;
  state: {
    expiresIn: number;
    discovery: 'ok' | 'missing' | 'no-endpoint';
    tokenDelayMs: number;
    lastScope: string | null;
    refuseAll: boolean;
  };
  server: Server;
}

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c.toString()));
    req.on('end', () => resolve(s));
  });

/**
 * A token endpoint on a real socket, as an OIDC provider answers: discovery, client_credentials with Basic client
 * authentication (RFC 6749 §2.3.1, form-encoded id and secret), and a resource that accepts only the tokens it issued.
 */
async function startIssuer(): Promise<Issuer> {
  let n = 0;
  const issuer = {
    hits: { discovery: 0, token: 0, resource: [] as string[] },
    valid: new Set<string>(),
    state: { expiresIn: 900, discovery: 'ok', tokenDelayMs: 0, lastScope: null, refuseAll: false } as Issuer['state'],
  } as Issuer;
  issuer.server = createServer(async (req, res) => {
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.url === '/.well-known/openid-configuration') {
      issuer.hits.discovery++;
      if (issuer.state.discovery === 'missing') return json(404, { error: 'not_found' });
      return json(200, { issuer: issuer.url, ...(issuer.state.discovery === 'ok' ? { token_endpoint: `${issuer.url}/oauth/token` } : {}) });
    }
    if (req.url === '/oauth/token' && req.method === 'POST') {
      issuer.hits.token++;
      const form = new URLSearchParams(await body(req));
      issuer.state.lastScope = form.get('scope');
      const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')
        .map(decodeURIComponent);
      if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
      if (id !== CLIENT || secret !== SECRET) return json(401, { error: 'invalid_client' });
      await new Promise((r) => setTimeout(r, issuer.state.tokenDelayMs));
      const token = `tok-${++n}`;
      issuer.valid.add(token);
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: issuer.state.expiresIn });
    }
    if (req.url === '/api/v1/ingestion/assets') {
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      issuer.hits.resource.push(token);
      if (issuer.state.refuseAll || !issuer.valid.has(token)) return json(401, { error: { code: 'AUTH_TOKEN_INVALID' } });
      return json(200, {
        assets: [
          {
            id: 'P-1',
            name: 'P-1',
            type: 'centrifugal-pump',
            site: 's',
            area: 'a',
            line: 'l',
            latitude: null,
            longitude: null,
            sensors: [],
          },
        ],
      });
    }
    json(404, {});
  });
  await new Promise<void>((r) => issuer.server.listen(0, '127.0.0.1', r));
  issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
  return issuer;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('ClientCredentials (a service’s own token for its calls to the others)', () => {
  let issuer: Issuer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await new Promise<void>((r) => (issuer ? issuer.server.close(() => r()) : r()));
    issuer = undefined;
  });

  it('finds the token endpoint by discovery, caches the token and asks once for many concurrent callers', async () => {
    issuer = await startIssuer();
    issuer.state.tokenDelayMs = 50;
    const provider = new ClientCredentials({ clientId: CLIENT, clientSecret: SECRET, issuer: `${issuer.url}/` });
    const tokens = await Promise.all([provider.token(), provider.token(), provider.token()]);
    expect(tokens).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(await provider.token()).toBe('tok-1');
    expect(issuer.hits).toMatchObject({ discovery: 1, token: 1 });
    expect(issuer.state.lastScope).toBe('vigie.service');
  });

  it('uses a given token URL without discovery, and the scope asked for', async () => {
    issuer = await startIssuer();
    const provider = new ClientCredentials({
      clientId: CLIENT,
      clientSecret: SECRET,
      tokenUrl: `${issuer.url}/oauth/token`,
      scope: 'api.read',
    });
    expect(await provider.token()).toBe('tok-1');
    expect(issuer.hits.discovery).toBe(0);
    expect(issuer.state.lastScope).toBe('api.read');
  });

  it('renews the token a minute before it expires (halfway through a shorter life)', async () => {
    issuer = await startIssuer();
    vi.useFakeTimers({ toFake: ['Date'] }); // sockets and timeouts stay real
    const provider = new ClientCredentials({ clientId: CLIENT, clientSecret: SECRET, issuer: issuer.url });
    expect(await provider.token()).toBe('tok-1'); // 900 s: renewed after 840 s
    vi.setSystemTime(Date.now() + 839_000);
    expect(await provider.token()).toBe('tok-1');
    vi.setSystemTime(Date.now() + 2_000);
    expect(await provider.token()).toBe('tok-2');
    issuer.state.expiresIn = 30; // 30 s: renewed after 15 s
    vi.setSystemTime(Date.now() + 900_000);
    expect(await provider.token()).toBe('tok-3');
    vi.setSystemTime(Date.now() + 14_000);
    expect(await provider.token()).toBe('tok-3');
    vi.setSystemTime(Date.now() + 2_000);
    expect(await provider.token()).toBe('tok-4');
    expect(issuer.hits.token).toBe(4);
  });

  it('fails with AUTH_CLIENT_CREDENTIALS_FAILED naming the client and the cause, never the secret', async () => {
    issuer = await startIssuer();
    const wrong = await failure(new ClientCredentials({ clientId: CLIENT, clientSecret: 'nope', issuer: issuer.url }).token());
    expect(wrong.code).toBe('AUTH_CLIENT_CREDENTIALS_FAILED');
    expect(wrong.status).toBe(503);
    expect(wrong.message).toBe(`client_credentials for ${CLIENT} failed: ${issuer.url}/oauth/token answered HTTP 401 invalid_client`);
    expect(wrong.message).not.toContain('nope');

    issuer.state.discovery = 'no-endpoint';
    const provider = new ClientCredentials({ clientId: CLIENT, clientSecret: SECRET, issuer: issuer.url });
    expect((await failure(provider.token())).message).toContain('has no token_endpoint');
    issuer.state.discovery = 'missing';
    expect((await failure(provider.token())).message).toContain(`OIDC discovery ${issuer.url}/.well-known/openid-configuration: HTTP 404`);
    // A failed discovery is not cached: once the issuer answers, the same provider gets its token.
    issuer.state.discovery = 'ok';
    expect(await provider.token()).toBe('tok-1');

    // A port nothing listens on (a fresh one: the issuer's kept-alive connections would fail otherwise).
    const spare = createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const down = `http://127.0.0.1:${(spare.address() as AddressInfo).port}`;
    await new Promise<void>((r) => spare.close(() => r()));
    const refused = await failure(
      new ClientCredentials({ clientId: CLIENT, clientSecret: SECRET, tokenUrl: `${down}/oauth/token` }).token(),
    );
    expect(refused.message).toBe(`client_credentials for ${CLIENT} failed: ${down}/oauth/token: ECONNREFUSED`);
  });

  it('sends the bearer, and on a 401 drops the cached token and retries once', async () => {
    issuer = await startIssuer();
    const provider = new ClientCredentials({ clientId: CLIENT, clientSecret: SECRET, issuer: issuer.url });
    const url = `${issuer.url}/api/v1/ingestion/assets`;
    expect((await fetchWithToken(provider, url)).status).toBe(200);
    expect(issuer.hits.resource).toEqual(['tok-1']);
    issuer.valid.delete('tok-1'); // revoked, or signed with a key since rotated
    expect((await fetchWithToken(provider, url)).status).toBe(200);
    expect(issuer.hits.resource).toEqual(['tok-1', 'tok-1', 'tok-2']);
    // Refused again with the fresh token: the 401 is the answer, no loop.
    issuer.state.refuseAll = true;
    expect((await fetchWithToken(provider, url)).status).toBe(401);
    expect(issuer.hits.resource).toEqual(['tok-1', 'tok-1', 'tok-2', 'tok-2', 'tok-3']);
    issuer.state.refuseAll = false;
    // No provider: no header; a caller's own Authorization (a forwarded user token) is left as it is.
    expect((await fetchWithToken(null, url)).status).toBe(401);
    issuer.valid.add('user-token');
    expect((await fetchWithToken(provider, url, { headers: { authorization: 'Bearer user-token' } })).status).toBe(200);
    expect(issuer.hits.resource.slice(-2)).toEqual(['', 'user-token']);
  });

  it('gives AssetCatalog its token: the asset list loads only with it', async () => {
    issuer = await startIssuer();
    const logger = createLogger('test', 'silent');
    const anonymous = new AssetCatalog(issuer.url, 2000, logger);
    expect(await anonymous.refresh()).toBe(false);
    const provider = new ClientCredentials({ clientId: CLIENT, clientSecret: SECRET, issuer: issuer.url });
    const catalog = new AssetCatalog(issuer.url, 2000, logger, undefined, provider);
    expect(await catalog.refresh()).toBe(true);
    expect(catalog.typeOf('P-1')).toBe('centrifugal-pump');
    expect(issuer.hits.resource).toEqual(['', 'tok-1']);
  });
});

describe('tokenProviderFromEnv', () => {
  it('is null without client credentials and insists on both halves and on a way to the token endpoint', () => {
    expect(tokenProviderFromEnv({})).toBeNull();
    expect(tokenProviderFromEnv({ VIGIE_AUTH_CLIENT_ID: ' ', VIGIE_AUTH_CLIENT_SECRET: '' })).toBeNull();
    expect(() => tokenProviderFromEnv({ VIGIE_AUTH_CLIENT_ID: 'a', VIGIE_AUTH_ISSUER: 'http://i' })).toThrow(
      'VIGIE_AUTH_CLIENT_ID and VIGIE_AUTH_CLIENT_SECRET go together',
    );
    expect(() => tokenProviderFromEnv({ VIGIE_AUTH_CLIENT_ID: 'a', VIGIE_AUTH_CLIENT_SECRET: 'b' })).toThrow(
      'needs VIGIE_AUTH_TOKEN_URL or VIGIE_AUTH_ISSUER',
    );
  });

  it('reads the client, the token URL or the issuer, and the scope', async () => {
    const issuer = await startIssuer();
    try {
      const viaTokenUrl = tokenProviderFromEnv({
        VIGIE_AUTH_CLIENT_ID: CLIENT,
        VIGIE_AUTH_CLIENT_SECRET: SECRET,
        VIGIE_AUTH_TOKEN_URL: `${issuer.url}/oauth/token`,
        VIGIE_AUTH_SCOPE: 'x.y',
      });
      expect(viaTokenUrl?.clientId).toBe(CLIENT);
      expect(await viaTokenUrl!.token()).toBe('tok-1');
      expect(issuer.state.lastScope).toBe('x.y');
      const viaIssuer = tokenProviderFromEnv({
        VIGIE_AUTH_CLIENT_ID: CLIENT,
        VIGIE_AUTH_CLIENT_SECRET: SECRET,
        VIGIE_AUTH_ISSUER: issuer.url,
      });
      expect(await viaIssuer!.token()).toBe('tok-2');
      expect(issuer.hits).toMatchObject({ discovery: 1, token: 2 });
    } finally {
      await new Promise<void>((r) => issuer.server.close(() => r()));
    }
  });
});
