import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decideAccess,
  ROLES,
  ROUTE_PERMISSIONS,
  routePermission,
  SERVICE_NAMES,
  SERVICES,
  type Role,
  type ServiceName,
  type WorkOrder,
} from '@vigie/contracts';
import { createLogger, isGuarded } from '@vigie/service-kit';
import { signingKey, TestIssuer } from '../../packages/service-kit/test/fixtures/test-issuer';
import { startGuardedServices } from './support/guarded-services';

/**
 * Issue 9, "Must show": a generated test walks the whole permission matrix. Every service is built as the embedded
 * platform builds it (apps/platform buildService: one in-process bus, PGlite, a temporary data directory; rul-prediction
 * without its demo-model bootstrap), with authentication on against a real issuer on an ephemeral port. The routes come
 * from the Fastify instances (an onRoute collector), not from the matrix, so a route added without an entry fails
 * here (the service refuses to start). For every route × every role: 403 AUTH_FORBIDDEN naming the permission when the
 * role lacks it, neither 401 nor 403 when it holds it (2xx for GETs whose parameters name real rows); and per route,
 * 401 without a token, with an expired one, one from another issuer and one with a tampered signature. Requests go
 * through inject(); bodies are a JSON string, which every body schema refuses (400), so nothing is changed.
 */
interface Probe {
  readonly service: ServiceName;
  readonly method: string;
  readonly url: string;
}

const TECHNICIAN_ID = 'tech-01';
/** HEAD follows GET (the matrix looks it up as GET); methods that carry a body get the probe body. */
const SKIPPED_METHODS = new Set(['HEAD']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const started = performance.now();
const issuer = await new TestIssuer().start();
const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-permission-matrix-'));
// Nothing listens on the peers' ports (offset 51 000): the gateway answers 502, asset refreshes fail quietly.
const probes: Probe[] = [];
const { services, close } = await startGuardedServices({
  dataDir,
  portOffset: 11_000,
  logger: createLogger('permission-matrix', 'silent'),
  auth: issuer.config,
  listen: false,
  configure: (name, service) =>
    service.app.addHook('onRoute', (route) => {
      if (isGuarded(route.url) === null) return;
      for (const method of [route.method].flat()) if (!SKIPPED_METHODS.has(method)) probes.push({ service: name, method, url: route.url });
    }),
});
/** Left open by auth: each service's health under its prefix. */
const open = new Set(SERVICE_NAMES.map((n) => `${SERVICES[n].prefix}/health`));

const tokenOf = new Map<Role, string>();
for (const role of ROLES) {
  const claims = role === 'technician' ? { technician_id: TECHNICIAN_ID } : {};
  tokenOf.set(role, await issuer.token({ roles: [role], sub: `matrix-${role}`, claims }));
}
const admin = tokenOf.get('admin')!;
const stranger = await signingKey('matrix-key'); // the issuer's kid, another key
const badTokens = {
  AUTH_TOKEN_EXPIRED: await issuer.token({ roles: ['admin'], expiresIn: -120 }),
  AUTH_TOKEN_INVALID_other_issuer: await issuer.token({ roles: ['admin'], key: stranger, issuer: 'http://127.0.0.1:1/another-issuer' }),
  AUTH_TOKEN_INVALID_tampered: await issuer.tampered({ roles: ['admin'] }),
};

const orchestrator = services.get('maintenance-orchestrator')!;
async function asAdmin<T>(method: 'POST' | 'PUT', url: string, payload: object): Promise<T> {
  const res = await orchestrator.app.inject({ method, url, payload, headers: { authorization: `Bearer ${admin}` } });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json() as T;
}
/** Two orders: `mine` assigned to the technician and moved to `assigned`, `theirs` assigned to someone else. */
async function order(assignedTo: string): Promise<WorkOrder> {
  const created = await asAdmin<WorkOrder>('POST', '/api/v1/work-orders', { assetId: 'P-101', title: `matrix order of ${assignedTo}` });
  await asAdmin('PUT', `/api/v1/work-orders/${created.id}`, { assignedTo });
  for (const status of ['approved', 'planned', 'assigned']) await asAdmin('PUT', `/api/v1/work-orders/${created.id}`, { status });
  return created;
}
const mine = await order(TECHNICIAN_ID);
const theirs = await order('tech-02');
const setupSeconds = (performance.now() - started) / 1000;

/** A concrete URL: work-order ids name the technician's order (a real row); other ids and assets are placeholders. */
function concrete(url: string): { url: string; realRows: boolean } {
  let realRows = true;
  const filled = url
    .replace(/:(\w+)/g, (_m, param: string) => {
      if (param === 'id' && url.startsWith('/api/v1/work-orders/')) return mine.id;
      realRows = false;
      return param === 'asset_id' ? 'P-101' : 'matrix-probe';
    })
    .replace('*', 'matrix-probe');
  return { url: filled, realRows: realRows && !url.includes('*') && !url.startsWith('/ws/') };
}

function send(service: ServiceName, method: string, url: string, token: string | null) {
  return services.get(service)!.app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(BODY_METHODS.has(method) ? { 'content-type': 'application/json' } : {}),
    },
    ...(BODY_METHODS.has(method) ? { payload: '"matrix-probe"' } : {}),
  });
}

const guarded = probes.filter((p) => !open.has(p.url));
let calls = 0;
/** Status classes of the answers to permitted calls (printed: how deep the permitted calls went). */
const permitted = new Map<string, number>();

afterAll(async () => {
  await close();
  await issuer.stop();
  rmSync(dataDir, { recursive: true, force: true });
  const total = (performance.now() - started) / 1000;
  console.log(
    `permission matrix: ${guarded.length} routes × ${ROLES.length} roles, ${calls} requests (permitted: ${JSON.stringify(Object.fromEntries(permitted))}); setup ${setupSeconds.toFixed(1)} s, total ${total.toFixed(1)} s`,
  );
});

describe('the permission matrix, walked over every route of every service', () => {
  it('collects the routes of every service, and the matrix names no route that no service has', () => {
    for (const name of SERVICE_NAMES)
      expect(
        guarded.some((p) => p.service === name),
        name,
      ).toBe(true);
    const served = new Set(guarded.map((p) => `${p.method} ${p.url}`));
    const stale = Object.keys(ROUTE_PERMISSIONS).filter((key) => {
      const [method, url] = key.split(' ') as [string, string];
      return method === '*' ? !guarded.some((p) => p.url === url) : !served.has(key);
    });
    expect(stale, 'entries of ROUTE_PERMISSIONS without a route').toEqual([]);
  });

  describe.each(guarded)('$method $url ($service)', (probe) => {
    const entry = routePermission(probe.method, probe.url);
    const { url, realRows } = concrete(probe.url);

    it.each([...ROLES])('as %s: 403 without the permission, neither 401 nor 403 with it', async (role) => {
      expect(entry, `no entry for ${probe.method} ${probe.url}`).toBeDefined();
      const decision = decideAccess([role], entry!);
      const res = await send(probe.service, probe.method, url, tokenOf.get(role)!);
      calls++;
      if (!decision.allowed) {
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: entry!.permission } });
        return;
      }
      const bucket = probe.url.includes('*') ? 'gateway' : `${Math.floor(res.statusCode / 100)}xx`;
      permitted.set(bucket, (permitted.get(bucket) ?? 0) + 1);
      expect([401, 403], `${role} holds ${entry!.permission}: ${res.statusCode} ${res.body}`).not.toContain(res.statusCode);
      if (probe.method === 'GET' && realRows) expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(300);
    });

    it('401 without a token, with an expired token, a token from another issuer, a tampered signature', async () => {
      const missing = await send(probe.service, probe.method, url, null);
      expect(missing.statusCode).toBe(401);
      expect(missing.json().error.code).toBe('AUTH_TOKEN_MISSING');
      for (const [what, token] of Object.entries(badTokens)) {
        const res = await send(probe.service, probe.method, url, token);
        expect(res.statusCode, what).toBe(401);
        expect(res.json().error.code, what).toBe(what.startsWith('AUTH_TOKEN_INVALID') ? 'AUTH_TOKEN_INVALID' : what);
      }
      calls += 1 + Object.keys(badTokens).length;
    });
  });
});

describe('technicians see and update only their assignments', () => {
  const tech = () => tokenOf.get('technician')!;
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    orchestrator.app.inject({ method, url, headers: { authorization: `Bearer ${tech()}` }, ...(payload ? { payload } : {}) });

  it('lists only the orders assigned to them', async () => {
    const res = await call('GET', '/api/v1/work-orders');
    expect(res.statusCode).toBe(200);
    const ids = (res.json().workOrders as WorkOrder[]).map((o) => o.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    const everyone = await orchestrator.app.inject({
      method: 'GET',
      url: '/api/v1/work-orders',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect((everyone.json().workOrders as WorkOrder[]).map((o) => o.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
  });

  it("refuses another technician's order: read, audit, transition, comment → 403 AUTH_NOT_ASSIGNED", async () => {
    for (const [method, url, payload] of [
      ['GET', `/api/v1/work-orders/${theirs.id}`],
      ['GET', `/api/v1/work-orders/${theirs.id}/audit`],
      ['PUT', `/api/v1/work-orders/${theirs.id}`, { status: 'in_progress' }],
      ['POST', `/api/v1/work-orders/${theirs.id}/comments`, { author: TECHNICIAN_ID, text: 'not mine' }],
    ] as const) {
      const res = await call(method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('AUTH_NOT_ASSIGNED');
    }
  });

  it('reads, comments and transitions their own order, but changes nothing else on it', async () => {
    expect((await call('GET', `/api/v1/work-orders/${mine.id}`)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/work-orders/${mine.id}/audit`)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/work-orders/${mine.id}/comments`, { author: TECHNICIAN_ID, text: 'on my way' })).statusCode).toBe(
      201,
    );
    const reassign = await call('PUT', `/api/v1/work-orders/${mine.id}`, { assignedTo: 'tech-02' });
    expect(reassign.statusCode).toBe(403);
    expect(reassign.json().error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { fields: ['assignedTo'] } });
    const started = await call('PUT', `/api/v1/work-orders/${mine.id}`, { status: 'in_progress' });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ status: 'in_progress', assignedTo: TECHNICIAN_ID });
  });
});
