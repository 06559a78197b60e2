import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decideAccess,
  PERMISSION_NAMES,
  ROLE_GRANTS,
  ROLES,
  ROUTE_PERMISSIONS,
  routePermission,
  type RoutePermissionTable,
} from '@vigie/contracts';
import { createTestHarness, type TestHarness } from '@vigie/service-kit-testing';
import {
  assertOwnAssignment,
  createService,
  defineRoute,
  isRestrictedToOwnAssignments,
  technicianIdOf,
  type AuthConfig,
  type Service,
} from '../src';
import { TestIssuer } from './fixtures/test-issuer';

/** A small matrix over the test service's routes, with the real roles and grants of @vigie/contracts. */
const TABLE: RoutePermissionTable = {
  'GET /api/v1/preprocessing/plant': { permission: 'plant:read' },
  'PUT /api/v1/preprocessing/orders/:id': { permission: 'workorders:write', ownAssignments: true },
  'GET /api/v1/preprocessing/every-order': { permission: 'workorders:read' },
  'GET /ws/live': { permission: 'monitoring:read' },
};

/** A raw WebSocket upgrade: 101 when upgraded, else the refusal's status. */
function upgrade(address: string, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${address}${path}`, {
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
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

/** The order the own-assignment route acts on is assigned to `tech-01`. */
function rbacService(h: TestHarness, schema: string, auth: AuthConfig | null, extra: string[] = []): Service {
  return createService(
    {
      name: 'preprocessing',
      routes: [
        defineRoute({ method: 'GET', url: '/api/v1/preprocessing/plant', summary: 'plant', handler: () => ({ ok: true }) }),
        defineRoute({
          method: 'PUT',
          url: '/api/v1/preprocessing/orders/:id',
          summary: 'update own order',
          handler: ({ request }) => {
            assertOwnAssignment(request, 'tech-01');
            return { restricted: isRestrictedToOwnAssignments(request), technicianId: technicianIdOf(request) };
          },
        }),
        defineRoute({ method: 'GET', url: '/api/v1/preprocessing/every-order', summary: 'all orders', handler: () => ({ ok: true }) }),
        ...extra.map((url) => defineRoute({ method: 'POST', url, summary: 'unmapped', handler: () => ({}) })),
      ],
      configure: (app) => {
        app.get('/ws/live', { websocket: true }, (socket) => socket.close(1000, 'bye'));
      },
    },
    { ...h.deps(schema), auth, routePermissions: TABLE },
  );
}

describe('role-based access control', () => {
  let h: TestHarness;
  let issuer: TestIssuer;
  let service: Service;
  let address: string;

  beforeAll(async () => {
    h = await createTestHarness();
    issuer = await new TestIssuer().start();
    service = rbacService(h, 'rbac_on', issuer.config);
    address = await service.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await service.stop();
    await issuer.stop();
    await h.close();
  });

  async function call(method: 'GET' | 'PUT' | 'HEAD', url: string, token: Parameters<TestIssuer['token']>[0]) {
    const authorization = `Bearer ${await issuer.token(token)}`;
    return service.app.inject({ method, url, headers: { authorization }, ...(method === 'PUT' ? { payload: {} } : {}) });
  }

  it('lets a role holding the permission through, and refuses others with 403 AUTH_FORBIDDEN naming the permission', async () => {
    expect((await call('GET', '/api/v1/preprocessing/plant', { roles: ['viewer'] })).statusCode).toBe(200);
    expect((await call('HEAD', '/api/v1/preprocessing/plant', { roles: ['viewer'] })).statusCode).toBe(200);
    const refused = await call('PUT', '/api/v1/preprocessing/orders/wo-1', { roles: ['viewer'] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'workorders:write', roles: ['viewer'] } });
    expect(refused.json().error.message).toContain('needs the permission workorders:write');
    const planner = await call('PUT', '/api/v1/preprocessing/orders/wo-1', { roles: ['planner'] });
    expect(planner.json()).toEqual({ restricted: false, technicianId: 'someone' });
  });

  it('refuses a token without any known role', async () => {
    for (const roles of [[], ['root'], ['Admin']]) {
      const res = await call('GET', '/api/v1/preprocessing/plant', { roles });
      expect(res.statusCode, JSON.stringify(roles)).toBe(403);
    }
  });

  it('narrows a technician to their assignments: technician_id claim, else sub', async () => {
    const own = await call('PUT', '/api/v1/preprocessing/orders/wo-1', { roles: ['technician'], claims: { technician_id: 'tech-01' } });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ restricted: true, technicianId: 'tech-01' });
    expect((await call('PUT', '/api/v1/preprocessing/orders/wo-1', { roles: ['technician'], sub: 'tech-01' })).statusCode).toBe(200);
    const other = await call('PUT', '/api/v1/preprocessing/orders/wo-1', { roles: ['technician'], sub: 'tech-02' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'AUTH_NOT_ASSIGNED', details: { technicianId: 'tech-02' } });
    // The claim wins over sub.
    const claimWins = await call('PUT', '/api/v1/preprocessing/orders/wo-1', {
      roles: ['technician'],
      sub: 'tech-01',
      claims: { technician_id: 'tech-03' },
    });
    expect(claimWins.statusCode).toBe(403);
  });

  it('does not let an own-only grant reach a route that does not narrow to assignments', async () => {
    const res = await call('GET', '/api/v1/preprocessing/every-order', { roles: ['technician'], sub: 'tech-01' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
    expect(res.json().error.message).toContain('reaches only your own assignments');
  });

  it('takes the widest grant of several roles', async () => {
    const res = await call('PUT', '/api/v1/preprocessing/orders/wo-1', { roles: ['technician', 'planner'], sub: 'tech-02' });
    expect(res.statusCode).toBe(200);
    expect(res.json().restricted).toBe(false);
    expect((await call('GET', '/api/v1/preprocessing/every-order', { roles: ['technician', 'viewer'] })).statusCode).toBe(200);
  });

  it('guards WebSocket upgrades too: 403 without the permission, 101 with it', async () => {
    expect(await upgrade(address, '/ws/live', await issuer.token({ roles: ['technician'] }))).toBe(403);
    expect(await upgrade(address, '/ws/live', await issuer.token({ roles: ['viewer'] }))).toBe(101);
  });

  it('keeps health open and answers 404 (not 403) for an unknown route', async () => {
    expect((await service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/health' })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/preprocessing/nothing-here', { roles: [] })).statusCode).toBe(404);
  });

  it('refuses to start a service with a guarded route missing from the matrix, naming every such route', async () => {
    const bad = rbacService(h, 'rbac_unmapped', issuer.config, ['/api/v1/preprocessing/secret', '/api/v1/preprocessing/other']);
    try {
      await expect(bad.start()).rejects.toThrow(
        /permission matrix .*POST \/api\/v1\/preprocessing\/secret, POST \/api\/v1\/preprocessing\/other/,
      );
    } finally {
      await bad.stop();
    }
  });

  it('changes nothing when authentication is off: no check, no startup refusal', async () => {
    const open = rbacService(h, 'rbac_off', null, ['/api/v1/preprocessing/secret']);
    try {
      await open.start();
      const res = await open.app.inject({ method: 'PUT', url: '/api/v1/preprocessing/orders/wo-1', payload: {} });
      expect(res.json()).toEqual({ restricted: false, technicianId: null });
      expect((await open.app.inject({ method: 'POST', url: '/api/v1/preprocessing/secret', payload: {} })).statusCode).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe('the permission matrix', () => {
  it('keys every route as `METHOD /path` and names only known permissions', () => {
    for (const [key, entry] of Object.entries(ROUTE_PERMISSIONS)) {
      expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE|\*) \/(api\/v1|ws)\/\S*$/);
      expect([...PERMISSION_NAMES, 'authenticated']).toContain(entry.permission);
    }
  });

  it('gives admin every permission, and technicians only `own` work-order grants', () => {
    for (const p of PERMISSION_NAMES) expect(ROLE_GRANTS.admin[p], p).toBe('all');
    for (const [p, scope] of Object.entries(ROLE_GRANTS.technician)) {
      if (p.startsWith('workorders:')) expect(scope, p).toBe('own');
    }
    expect(ROLE_GRANTS.technician['workorders:create']).toBeUndefined();
  });

  it('uses every permission on some route, and grants each route to admin', () => {
    const used = new Set(Object.values(ROUTE_PERMISSIONS).map((e) => e.permission));
    for (const p of PERMISSION_NAMES) expect(used.has(p), p).toBe(true);
    for (const entry of Object.values(ROUTE_PERMISSIONS)) expect(decideAccess(['admin'], entry).allowed).toBe(true);
    expect(ROLES).toContain('service');
  });

  it('looks HEAD up as GET and falls back to a `*` entry', () => {
    expect(routePermission('HEAD', '/api/v1/work-orders/:id')).toBe(ROUTE_PERMISSIONS['GET /api/v1/work-orders/:id']);
    expect(routePermission('PATCH', '/api/v1/*')).toBe(ROUTE_PERMISSIONS['* /api/v1/*']);
    expect(routePermission('DELETE', '/api/v1/rules')).toBeUndefined();
  });
});
