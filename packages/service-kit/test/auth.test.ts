import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createTestHarness, type TestHarness } from '@vigie/service-kit-testing';
import { authFromEnv, createService, defineRoute, type AuthConfig, type Service } from '../src';

const AUDIENCE = 'vigie-api';

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** A real OIDC issuer on an ephemeral port: discovery document and a JWKS whose keys the test can rotate. */
class TestIssuer {
  keys: SigningKey[] = [];
  jwksFetches = 0;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/.well-known/openid-configuration') return send(200, { issuer: this.url, jwks_uri: `${this.url}/jwks` });
      if (req.url === '/jwks') {
        this.jwksFetches++;
        return send(200, { keys: this.keys.map((k) => k.jwk) });
      }
      if (req.url === '/broken-jwks') return send(500, { error: 'down' });
      send(404, {});
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    // jose's fetch keeps its connections alive: close them too, or close() waits for them.
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
  }
}

interface TokenOptions {
  readonly key: SigningKey;
  readonly issuer: string;
  readonly audience?: string;
  readonly sub?: string;
  /** Seconds from now; negative for an expired token. */
  readonly expiresIn?: number;
}

function token(o: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'assets:read work-orders:write', roles: ['technician'] })
    .setProtectedHeader({ alg: 'ES256', kid: o.key.kid })
    .setIssuer(o.issuer)
    .setAudience(o.audience ?? AUDIENCE)
    .setSubject(o.sub ?? 'alice')
    .setIssuedAt(now - 7200)
    .setExpirationTime(now + (o.expiresIn ?? 300))
    .sign(o.key.privateKey);
}

/** A service with one API route echoing `request.auth`, and a WebSocket route like monitoring's /ws/monitoring. */
function authedService(h: TestHarness, schema: string, auth: AuthConfig | null): Service {
  return createService(
    {
      name: 'preprocessing',
      routes: [
        defineRoute({
          method: 'GET',
          url: '/api/v1/preprocessing/me',
          summary: 'who am I',
          handler: ({ request }) => ({ auth: request.auth ?? null }),
        }),
      ],
      configure: (app) => {
        app.get('/ws/test', { websocket: true }, (socket) => socket.close(1000, 'bye'));
      },
    },
    // The tokens below carry the role technician, which holds plant:read (RBAC: authorization.test.ts).
    {
      ...h.deps(schema),
      auth,
      routePermissions: { 'GET /api/v1/preprocessing/me': { permission: 'plant:read' }, 'GET /ws/test': { permission: 'plant:read' } },
    },
  );
}

/** A raw WebSocket upgrade: resolves with 101 when upgraded, else the refusal's status code. */
function upgrade(address: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time (no keep-alive agent): a refused upgrade's socket is not reusable for HTTP.
    const req = httpRequest(`${address}${path}`, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      res.socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bearer-JWT authentication of every service', () => {
  let h: TestHarness;
  let issuer: TestIssuer;
  let key1: SigningKey;
  let service: Service;
  let address: string;

  beforeAll(async () => {
    h = await createTestHarness();
    issuer = await new TestIssuer().start();
    key1 = await signingKey('key-1');
    issuer.keys = [key1];
    // Cooldown 0: the rotation test refetches at once on the new kid (production keeps jose's 30 s).
    service = authedService(h, 'auth_on', { issuer: issuer.url, audience: AUDIENCE, clockToleranceSeconds: 5, jwksCooldownMs: 0 });
    address = await service.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await service.stop();
    await issuer.stop();
    await h.close();
  });

  const me = (authorization?: string) =>
    service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/me', headers: authorization ? { authorization } : {} });

  function expectRefused(res: Awaited<ReturnType<typeof me>>, code: string): void {
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe(code);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
  }

  it('lets a valid token through and gives its claims to the handler as request.auth', async () => {
    const res = await me(`Bearer ${await token({ key: key1, issuer: issuer.url })}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().auth).toMatchObject({ sub: 'alice', scopes: ['assets:read', 'work-orders:write'], roles: ['technician'] });
    expect(res.json().auth.claims).toMatchObject({ iss: issuer.url, aud: AUDIENCE });
  });

  it('refuses a request without a token: 401 AUTH_TOKEN_MISSING with a Bearer challenge', async () => {
    const res = await me();
    expectRefused(res, 'AUTH_TOKEN_MISSING');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="vigie"');
    // The query-string token is for WebSocket upgrades only.
    const viaQuery = await service.app.inject({
      method: 'GET',
      url: `/api/v1/preprocessing/me?access_token=${await token({ key: key1, issuer: issuer.url })}`,
    });
    expectRefused(viaQuery, 'AUTH_TOKEN_MISSING');
  });

  it('refuses an expired token: 401 AUTH_TOKEN_EXPIRED', async () => {
    const res = await me(`Bearer ${await token({ key: key1, issuer: issuer.url, expiresIn: -60 })}`);
    expectRefused(res, 'AUTH_TOKEN_EXPIRED');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="vigie", error="invalid_token"');
    // Within the clock tolerance (5 s) a just-expired token still passes.
    expect((await me(`Bearer ${await token({ key: key1, issuer: issuer.url, expiresIn: -2 })}`)).statusCode).toBe(200);
  });

  it('refuses a token from another issuer (other key set, or other iss): 401 AUTH_TOKEN_INVALID', async () => {
    const stranger = await signingKey('key-1'); // same kid, other key: a forged token
    expectRefused(await me(`Bearer ${await token({ key: stranger, issuer: issuer.url })}`), 'AUTH_TOKEN_INVALID');
    const unknownKid = await signingKey('somebody-else');
    expectRefused(await me(`Bearer ${await token({ key: unknownKid, issuer: issuer.url })}`), 'AUTH_TOKEN_INVALID');
    expectRefused(await me(`Bearer ${await token({ key: key1, issuer: 'http://evil.example' })}`), 'AUTH_TOKEN_INVALID');
  });

  it('refuses a tampered signature or payload: 401 AUTH_TOKEN_INVALID', async () => {
    const [header, payload, signature] = (await token({ key: key1, issuer: issuer.url })).split('.') as [string, string, string];
    const flipped = signature.slice(0, 20) + (signature[20] === 'A' ? 'B' : 'A') + signature.slice(21);
    expectRefused(await me(`Bearer ${header}.${payload}.${flipped}`), 'AUTH_TOKEN_INVALID');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
    expectRefused(await me(`Bearer ${header}.${forged}.${signature}`), 'AUTH_TOKEN_INVALID');
  });

  it('refuses a wrong audience and malformed credentials: 401 AUTH_TOKEN_INVALID', async () => {
    expectRefused(await me(`Bearer ${await token({ key: key1, issuer: issuer.url, audience: 'other-api' })}`), 'AUTH_TOKEN_INVALID');
    expectRefused(await me('Bearer not-a-jwt'), 'AUTH_TOKEN_INVALID');
    expectRefused(await me('Basic YWxpY2U6c2VjcmV0'), 'AUTH_TOKEN_INVALID');
  });

  it('follows a key rotation: a new kid triggers a JWKS refetch; the removed key no longer verifies', async () => {
    const oldToken = await token({ key: key1, issuer: issuer.url });
    expect((await me(`Bearer ${oldToken}`)).statusCode).toBe(200);
    const key2 = await signingKey('key-2');
    issuer.keys = [key2];
    const before = issuer.jwksFetches;
    const res = await me(`Bearer ${await token({ key: key2, issuer: issuer.url, sub: 'bob' })}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().auth.sub).toBe('bob');
    expect(issuer.jwksFetches).toBeGreaterThan(before);
    expectRefused(await me(`Bearer ${oldToken}`), 'AUTH_TOKEN_INVALID');
    issuer.keys = [key1];
  });

  it('keeps health, metrics and docs open', async () => {
    for (const url of ['/actuator/health', '/actuator/prometheus', '/api/v1/preprocessing/health', '/openapi.json']) {
      const res = await service.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('guards the WebSocket upgrade: Bearer header or ?access_token=, else 401', async () => {
    const valid = await token({ key: key1, issuer: issuer.url });
    expect(await upgrade(address, '/ws/test')).toBe(401);
    expect(await upgrade(address, `/ws/test?access_token=${valid}x`)).toBe(401);
    expect(await upgrade(address, `/ws/test?access_token=${valid}`)).toBe(101);
    expect(await upgrade(address, '/ws/test', { authorization: `Bearer ${valid}` })).toBe(101);
  });

  it('answers 503 AUTH_ISSUER_UNAVAILABLE when the JWKS cannot be fetched', async () => {
    const valid = `Bearer ${await token({ key: key1, issuer: issuer.url })}`;
    // The JWKS URL answers 500.
    const broken = authedService(h, 'auth_broken', { issuer: issuer.url, jwksUrl: `${issuer.url}/broken-jwks`, clockToleranceSeconds: 5 });
    // The issuer is down: nothing listens on its port any more.
    const gone = await new TestIssuer().start();
    await gone.stop();
    const down = authedService(h, 'auth_down', { issuer: gone.url, clockToleranceSeconds: 5 });
    try {
      for (const s of [broken, down]) {
        await s.start();
        const res = await s.app.inject({ method: 'GET', url: '/api/v1/preprocessing/me', headers: { authorization: valid } });
        expect(res.statusCode).toBe(503);
        expect(res.json().error.code).toBe('AUTH_ISSUER_UNAVAILABLE');
        expect((await s.app.inject({ method: 'GET', url: '/actuator/health' })).statusCode).toBe(200);
      }
    } finally {
      await broken.stop();
      await down.stop();
    }
  });

  it('needs no token when auth is off', async () => {
    const open = authedService(h, 'auth_off', null);
    try {
      await open.start();
      const res = await open.app.inject({ method: 'GET', url: '/api/v1/preprocessing/me' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ auth: null });
    } finally {
      await open.stop();
    }
  });
});

describe('authFromEnv', () => {
  it('is off without VIGIE_AUTH_ISSUER and reads the other variables when it is set', () => {
    expect(authFromEnv({})).toBeNull();
    expect(authFromEnv({ VIGIE_AUTH_ISSUER: '  ' })).toBeNull();
    expect(authFromEnv({ VIGIE_AUTH_ISSUER: 'https://id.example/realms/vigie' })).toEqual({
      issuer: 'https://id.example/realms/vigie',
      clockToleranceSeconds: 30,
    });
    expect(
      authFromEnv({
        VIGIE_AUTH_ISSUER: 'https://id.example',
        VIGIE_AUTH_AUDIENCE: 'vigie-api',
        VIGIE_AUTH_JWKS_URL: 'https://id.example/keys',
        VIGIE_AUTH_CLOCK_TOLERANCE_SECONDS: '10',
      }),
    ).toEqual({ issuer: 'https://id.example', audience: 'vigie-api', jwksUrl: 'https://id.example/keys', clockToleranceSeconds: 10 });
  });

  it('refuses a malformed configuration with a clear message', () => {
    expect(() => authFromEnv({ VIGIE_AUTH_ISSUER: 'id.example' })).toThrow(/VIGIE_AUTH_ISSUER must be an http\(s\) URL/);
    expect(() => authFromEnv({ VIGIE_AUTH_ISSUER: 'https://id.example', VIGIE_AUTH_CLOCK_TOLERANCE_SECONDS: '-1' })).toThrow(
      /VIGIE_AUTH_CLOCK_TOLERANCE_SECONDS/,
    );
  });
});
