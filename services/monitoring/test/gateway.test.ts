import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { InMemoryEventBus, PgliteDatabase, type Service } from '@vigie/service-kit';
import { CLOSED_URL, startMonitoring, testConfig } from './helpers';

type ErrorBody = { error: { code: string; message: string } };

/** Real upstreams on ephemeral ports, a real monitoring service listening; requests go over HTTP (fetch). */
describe('API gateway', () => {
  let ingestion: FastifyInstance;
  let orchestrator: FastifyInstance;
  let silent: Server;
  let bus: InMemoryEventBus;
  let db: PgliteDatabase;
  let monitoring: Service;
  let base: string;
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: unknown }[] = [];

  beforeEach(async () => {
    seen.length = 0;
    ingestion = Fastify();
    ingestion.get('/actuator/health', async () => ({ status: 'UP' }));
    ingestion.get('/api/v1/ingestion/assets', async (req) => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: null });
      return { assets: [{ id: 'mill-1' }] };
    });
    ingestion.get('/api/v1/ingestion/text', async (_req, reply) => reply.type('text/csv; charset=utf-8').send('a,b\n1,2\n'));
    orchestrator = Fastify();
    orchestrator.post('/api/v1/work-orders/:id/transitions', async (req, reply) => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: req.body });
      return reply.code(201).send({ ok: true, id: (req.params as { id: string }).id });
    });
    orchestrator.put('/api/v1/rules', async (_req, reply) =>
      reply.code(400).send({ error: { code: 'RULES_INVALID', message: 'The orchestration rule set is invalid' } }),
    );
    orchestrator.delete('/api/v1/technicians/t1', async (_req, reply) => reply.code(204).send());
    silent = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentAddr = silent.address();
    const silentUrl = `http://127.0.0.1:${typeof silentAddr === 'object' && silentAddr ? silentAddr.port : 0}`;

    bus = new InMemoryEventBus();
    db = await PgliteDatabase.open();
    const targets = [
      { service: 'ingestion-iiot', url: await ingestion.listen({ port: 0, host: '127.0.0.1' }) },
      { service: 'maintenance-orchestrator', url: await orchestrator.listen({ port: 0, host: '127.0.0.1' }) },
      { service: 'anomaly-detection', url: CLOSED_URL },
      { service: 'rul-prediction', url: silentUrl },
      { service: 'monitoring', url: 'http://127.0.0.1:8086' },
    ];
    monitoring = await startMonitoring(
      bus,
      db,
      testConfig({ targets, pollIntervalMs: 60_000, gatewayTimeoutMs: 300, breakerResetMs: 60_000, breakerVolumeThreshold: 3 }),
    );
    const address = await monitoring.listen(0, '127.0.0.1');
    base = address;
  });

  afterEach(async () => {
    await monitoring.stop();
    await bus.close();
    await db.close();
    await ingestion.close();
    await orchestrator.close();
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  });

  it('forwards method, path, query and the listed headers; returns status, body and content-type', async () => {
    const res = await fetch(`${base}/api/v1/ingestion/assets?site=lyon&limit=5`, {
      headers: { authorization: 'Bearer abc', accept: 'application/json', 'x-vigie-actor': 'alice', cookie: 'secret=1', 'x-other': 'no' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ assets: [{ id: 'mill-1' }] });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/ingestion/assets?site=lyon&limit=5' });
    expect(seen[0]?.headers).toMatchObject({ authorization: 'Bearer abc', accept: 'application/json', 'x-vigie-actor': 'alice' });
    expect(seen[0]?.headers['x-request-id']).toEqual(expect.any(String));
    expect(seen[0]?.headers.cookie).toBeUndefined();
    expect(seen[0]?.headers['x-other']).toBeUndefined();

    const csv = await fetch(`${base}/api/v1/ingestion/text`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toBe('a,b\n1,2\n');
  });

  it('forwards a JSON body byte for byte and passes the upstream status and errors through', async () => {
    const res = await fetch(`${base}/api/v1/work-orders/wo-7/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
      body: JSON.stringify({ to: 'assigned', note: 'é ✓' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true, id: 'wo-7' });
    expect(seen[0]).toMatchObject({ method: 'POST', body: { to: 'assigned', note: 'é ✓' }, headers: { 'x-request-id': 'req-1' } });

    const bad = await fetch(`${base}/api/v1/rules`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('RULES_INVALID');
    const gone = await fetch(`${base}/api/v1/technicians/t1`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
  });

  it('still serves its own routes, and 404s unknown monitoring paths and paths no configured service owns', async () => {
    expect((await fetch(`${base}/api/v1/monitoring/services`)).status).toBe(200);
    const own = await fetch(`${base}/api/v1/monitoring/nope`);
    expect(own.status).toBe(404);
    expect(((await own.json()) as ErrorBody).error.code).toBe('ROUTE_NOT_FOUND');
    const unowned = await fetch(`${base}/api/v1/features/windows`); // feature-extraction is not a target here
    expect(unowned.status).toBe(404);
    expect(((await unowned.json()) as ErrorBody).error.code).toBe('NOT_FOUND');
    // Dot segments are resolved before routing: this is /api/v1/features, not ingestion.
    const climbing = await fetch(`${base}/api/v1/ingestion/%2e%2e/features/windows`);
    expect(((await climbing.json()) as ErrorBody).error.code).toBe('NOT_FOUND');
  });

  it('answers 502 UPSTREAM_UNAVAILABLE on a refused connection or a timeout, then 503 once the circuit opened', async () => {
    const refused = await fetch(`${base}/api/v1/anomalies/models`);
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({
      error: { code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') },
    });

    const started = Date.now();
    const slow = await fetch(`${base}/api/v1/rul/predictions`);
    expect(slow.status).toBe(502);
    expect(((await slow.json()) as ErrorBody).error.message).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(3000);

    // Three failures in the window: the anomaly-detection circuit opens and fails fast.
    await fetch(`${base}/api/v1/anomalies/models`);
    await fetch(`${base}/api/v1/anomalies/models`);
    const open = await fetch(`${base}/api/v1/anomalies/models`);
    expect(open.status).toBe(503);
    expect(open.headers.get('retry-after')).toBe('60');
    expect(((await open.json()) as ErrorBody).error.code).toBe('UPSTREAM_CIRCUIT_OPEN');
    const services = (await (await fetch(`${base}/api/v1/monitoring/services`)).json()) as {
      services: { service: string; details: { circuit?: { gateway: string } } | null }[];
    };
    expect(services.services.find((s) => s.service === 'anomaly-detection')?.details?.circuit?.gateway).toBe('open');
    expect(services.services.find((s) => s.service === 'ingestion-iiot')?.details?.circuit?.gateway).toBe('closed');
    // Other targets are unaffected.
    expect((await fetch(`${base}/api/v1/ingestion/assets`)).status).toBe(200);
  });

  it("refuses a body over the owner's limit with 413 PAYLOAD_TOO_LARGE", async () => {
    const big = JSON.stringify({ data: 'x'.repeat(1_100_000) });
    const res = await fetch(`${base}/api/v1/work-orders/wo-1/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(seen).toEqual([]);
  });

  it('answers the CORS preflight of a write from the dashboard origin', async () => {
    const res = await fetch(`${base}/api/v1/work-orders/wo-1/transitions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    const get = await fetch(`${base}/api/v1/ingestion/assets`, { headers: { origin: 'http://localhost:3000' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const foreign = await fetch(`${base}/api/v1/ingestion/assets`, { headers: { origin: 'http://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
