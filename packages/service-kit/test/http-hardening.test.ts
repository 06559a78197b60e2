import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestHarness, type TestHarness } from '@vigie/service-kit-testing';
import { createService, defineRoute, httpHardeningFromEnv, TokenBuckets, type Service } from '../src';

const DASHBOARD = 'http://dash.example:3000';

describe('HTTP hardening of every service', () => {
  let h: TestHarness;
  let service: Service;
  beforeAll(async () => {
    h = await createTestHarness();
    service = createService(
      {
        name: 'preprocessing',
        bodyLimit: 1024,
        routes: [
          defineRoute({ method: 'GET', url: '/api/v1/preprocessing/ping', summary: 'ping', handler: () => ({ ok: true }) }),
          defineRoute({
            method: 'POST',
            url: '/api/v1/preprocessing/echo',
            summary: 'echo',
            body: z.object({ s: z.string() }).strict(),
            handler: ({ body }) => body,
          }),
        ],
      },
      { ...h.deps('hardening'), http: { corsOrigins: [DASHBOARD], rateLimitPerSecond: 0.5, rateLimitBurst: 20 } },
    );
    await service.start();
  });
  afterAll(async () => {
    await service.stop();
    await h.close();
  });

  it('sends the security headers on API, error and docs responses', async () => {
    for (const url of ['/api/v1/preprocessing/ping', '/nope']) {
      const res = await service.app.inject({ method: 'GET', url, remoteAddress: '10.0.0.1' });
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
    }
    const docs = await service.app.inject({ method: 'GET', url: '/docs/', remoteAddress: '10.0.0.1' });
    expect(docs.headers['content-type']).toMatch(/text\/html/);
    expect(docs.headers['content-security-policy']).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
  });

  it('gives CORS headers to the dashboard origin only', async () => {
    const allowed = await service.app.inject({
      method: 'GET',
      url: '/api/v1/preprocessing/ping',
      headers: { origin: DASHBOARD },
      remoteAddress: '10.0.0.2',
    });
    expect(allowed.headers['access-control-allow-origin']).toBe(DASHBOARD);
    expect(allowed.headers.vary).toMatch(/Origin/);
    const foreign = await service.app.inject({
      method: 'GET',
      url: '/api/v1/preprocessing/ping',
      headers: { origin: 'http://evil.example' },
      remoteAddress: '10.0.0.2',
    });
    expect(foreign.statusCode).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = (origin: string) =>
      service.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/preprocessing/echo',
        headers: { origin, 'access-control-request-method': 'POST' },
        remoteAddress: '10.0.0.2',
      });
    const ok = await preflight(DASHBOARD);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': DASHBOARD,
      'access-control-allow-headers': 'authorization, content-type',
    });
    const refused = await preflight('http://evil.example');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('answers 429 RATE_LIMITED with Retry-After once a client spends its burst; other clients, health and metrics are not limited', async () => {
    const hit = (remoteAddress: string, url = '/api/v1/preprocessing/ping') => service.app.inject({ method: 'GET', url, remoteAddress });
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push((await hit('10.0.0.3')).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
    // 0.5 token/s: no refill can land within the loop, so every request past the burst is refused.
    expect(codes.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const limited = await hit('10.0.0.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBe(2);
    expect(limited.headers['x-content-type-options']).toBe('nosniff');
    expect((await hit('10.0.0.4')).statusCode).toBe(200);
    // Loopback (the platform's own service-to-service calls) is trusted by default: never limited.
    for (let i = 0; i < 30; i++) expect((await hit('127.0.0.1')).statusCode).toBe(200);
    for (const url of ['/actuator/health', '/api/v1/preprocessing/health', '/actuator/prometheus'])
      expect((await hit('10.0.0.3', url)).statusCode).toBe(200);
  });

  it('refuses a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await service.app.inject({
      method: 'POST',
      url: '/api/v1/preprocessing/echo',
      payload: { s: 'x'.repeat(2000) },
      remoteAddress: '10.0.0.5',
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const small = await service.app.inject({
      method: 'POST',
      url: '/api/v1/preprocessing/echo',
      payload: { s: 'x' },
      remoteAddress: '10.0.0.5',
    });
    expect(small.json()).toEqual({ s: 'x' });
  });
});

describe('TokenBuckets and configuration', () => {
  it('refills at the sustained rate up to the burst', () => {
    let t = 0;
    const buckets = new TokenBuckets(2, 3, () => t);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBeCloseTo(0.5);
    t = 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
    t = 100_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a') > 0]).toEqual([0, 0, 0, true]);
  });

  it('reads VIGIE_DASHBOARD_ORIGIN and VIGIE_RATE_LIMIT_* with generous defaults', () => {
    expect(httpHardeningFromEnv({})).toEqual({
      corsOrigins: ['http://localhost:3000'],
      rateLimitPerSecond: 50,
      rateLimitBurst: 200,
      rateLimitTrusted: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    });
    expect(httpHardeningFromEnv({ VIGIE_RATE_LIMIT_TRUSTED: '10.1.0.5, 10.1.0.6' }).rateLimitTrusted).toEqual(['10.1.0.5', '10.1.0.6']);
    expect(httpHardeningFromEnv({ VIGIE_DASHBOARD_ORIGIN: 'https://a, https://b', VIGIE_RATE_LIMIT_RPS: '0' })).toMatchObject({
      corsOrigins: ['https://a', 'https://b'],
      rateLimitPerSecond: 0,
    });
    expect(() => httpHardeningFromEnv({ VIGIE_RATE_LIMIT_BURST: 'lots' })).toThrow(/VIGIE_RATE_LIMIT_BURST/);
  });
});
