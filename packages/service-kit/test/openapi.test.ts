import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RoutePermissionTable } from '@vigie/contracts';
import { createTestHarness, openapiProblems, type TestHarness } from '@vigie/service-kit-testing';
import { createService, defineRoute, type AuthConfig, type Service } from '../src';
import { TestIssuer } from './fixtures/test-issuer';

/**
 * The OpenAPI document of a service (http/openapi.ts): a recursive zod schema becomes one component every `$ref`
 * reaches (@fastify/swagger used to drop zod's `definitions` and leave `#/components/schemas/__schema0` dangling, so
 * schemathesis skipped PUT /api/v1/rules), and with auth on every guarded operation declares its bearer scheme and the
 * 401 and 403 bodies the service really sends. openapiProblems (service-kit-testing) is the check
 * apps/platform/test/openapi-documents.test.ts runs on the seven services; here it must also catch what it is for.
 */
type Node = { kind: 'leaf'; value: number } | { kind: 'all'; of: Node[] };
const NodeSchema: z.ZodType<Node> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal('leaf'), value: z.number() }).strict(),
    z.object({ kind: z.literal('all'), of: z.array(NodeSchema).min(1) }).strict(),
  ]),
);
const Tree = z.object({ root: NodeSchema, label: z.string().default('') }).strict();

const TABLE: RoutePermissionTable = {
  'PUT /api/v1/preprocessing/trees/:id': { permission: 'rules:write' },
  'POST /api/v1/preprocessing/anything': { permission: 'rules:write' },
};

function treeService(h: TestHarness, schema: string, auth: AuthConfig | null, freeForm = false): Service {
  return createService(
    {
      name: 'preprocessing',
      routes: [
        defineRoute({
          method: 'PUT',
          url: '/api/v1/preprocessing/trees/:id',
          summary: 'store a tree',
          params: z.object({ id: z.string().min(1) }),
          body: Tree,
          invalidCode: 'RULES_INVALID',
          response: Tree,
          handler: ({ body }) => body,
        }),
        ...(freeForm
          ? [
              defineRoute({
                method: 'POST',
                url: '/api/v1/preprocessing/anything',
                summary: 'untyped',
                body: z.unknown(),
                handler: () => ({}),
              }),
            ]
          : []),
      ],
    },
    { ...h.deps(schema), auth, routePermissions: TABLE },
  );
}

const refusal = (status: number) => ({
  description: expect.any(String),
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${status === 401 ? 'Unauthorized' : 'Forbidden'}` } } },
});

describe('the OpenAPI document of a service', () => {
  let h: TestHarness;
  let issuer: TestIssuer;
  let guarded: Service;
  let doc: Record<string, any>; // `any`: an OpenAPI document read as JSON
  beforeAll(async () => {
    h = await createTestHarness();
    issuer = await new TestIssuer().start();
    guarded = treeService(h, 'openapi_on', issuer.config);
    await guarded.start();
    doc = (await guarded.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    await guarded.stop();
    await issuer.stop();
    await h.close();
  });

  it('holds a recursive schema once, as a component that every $ref (body and response) resolves to', () => {
    expect(openapiProblems(doc)).toEqual([]);
    const names = Object.keys(doc.components.schemas).filter((n) => n !== 'Unauthorized' && n !== 'Forbidden');
    expect(names).toHaveLength(1);
    const name = String(names[0]);
    const ref = `#/components/schemas/${name}`;
    const put = doc.paths['/api/v1/preprocessing/trees/{id}'].put;
    const body = put.requestBody.content['application/json'].schema;
    expect(body.properties.root).toEqual({ $ref: ref });
    expect(put.responses['200'].content['application/json'].schema.properties.root).toEqual({ $ref: ref });
    expect(JSON.stringify(doc.components.schemas[name])).toContain(`"$ref":"${ref}"`);
    expect(JSON.stringify(doc)).not.toMatch(/"definitions"|__schema/);
  });

  it('declares the bearer scheme, 401 and 403 on guarded operations only, and the real refusals match them', async () => {
    expect(doc.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } });
    const put = doc.paths['/api/v1/preprocessing/trees/{id}'].put;
    expect(put.security).toEqual([{ bearerAuth: [] }]);
    expect(put.responses).toMatchObject({ '401': refusal(401), '403': refusal(403) });
    const health = doc.paths['/api/v1/preprocessing/health'].get;
    expect(health.security).toBeUndefined();
    expect(health.responses['401']).toBeUndefined();

    const payload = { root: { kind: 'leaf', value: 1 } };
    const url = '/api/v1/preprocessing/trees/t1';
    const unauthorized = await guarded.app.inject({ method: 'PUT', url, payload });
    const viewer = `Bearer ${await issuer.token({ roles: ['viewer'] })}`;
    const forbidden = await guarded.app.inject({ method: 'PUT', url, payload, headers: { authorization: viewer } });
    for (const [res, status, name] of [
      [unauthorized, 401, 'Unauthorized'],
      [forbidden, 403, 'Forbidden'],
    ] as const) {
      expect(res.statusCode).toBe(status);
      const error = doc.components.schemas[name].properties.error;
      expect(error.required.every((k: string) => k in res.json().error)).toBe(true);
      expect(error.properties.code.enum).toContain(res.json().error.code);
      expect(Object.keys(res.json().error).every((k) => k in error.properties)).toBe(true);
    }
  });

  it('validates with the documented schema and answers the route’s own code', async () => {
    const admin = `Bearer ${await issuer.token({ roles: ['admin'] })}`;
    const url = '/api/v1/preprocessing/trees/t1';
    const ok = await guarded.app.inject({
      method: 'PUT',
      url,
      headers: { authorization: admin },
      payload: { root: { kind: 'all', of: [{ kind: 'leaf', value: 2 }] } },
    });
    expect(ok.json()).toEqual({ root: { kind: 'all', of: [{ kind: 'leaf', value: 2 }] }, label: '' });
    const bad = await guarded.app.inject({
      method: 'PUT',
      url,
      headers: { authorization: admin },
      payload: { root: { kind: 'all', of: [] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'RULES_INVALID', details: { issues: [{ path: 'body.root.of' }] } });
  });

  it('declares no refusal and no security scheme when authentication is off', async () => {
    const open = treeService(h, 'openapi_off', null);
    await open.start();
    const plain = (await open.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    await open.stop();
    expect(openapiProblems(plain)).toEqual([]);
    expect(plain.components.securitySchemes).toBeUndefined();
    expect(plain.paths['/api/v1/preprocessing/trees/{id}'].put.responses['401']).toBeUndefined();
  });

  it('openapiProblems names a free-form JSON body and a $ref that resolves nowhere', async () => {
    const untyped = treeService(h, 'openapi_free', issuer.config, true);
    await untyped.start();
    const withFreeBody = (await untyped.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    await untyped.stop();
    expect(openapiProblems(withFreeBody)).toEqual([
      expect.stringMatching(/^POST \/api\/v1\/preprocessing\/anything: the JSON request body is free-form/),
    ]);

    const dangling = structuredClone(doc);
    dangling.paths['/api/v1/preprocessing/trees/{id}'].put.requestBody.content['application/json'].schema.properties.root = {
      $ref: '#/components/schemas/__schema0',
    };
    expect(openapiProblems(dangling)).toEqual([
      '#/paths/~1api~1v1~1preprocessing~1trees~1{id}/put/requestBody/content/application~1json/schema/properties/root: $ref #/components/schemas/__schema0 does not resolve',
    ]);
    const anyObject = structuredClone(doc);
    anyObject.paths['/api/v1/preprocessing/trees/{id}'].put.requestBody.content['application/json'].schema = { type: 'object' };
    expect(openapiProblems(anyObject)).toEqual([
      expect.stringContaining('PUT /api/v1/preprocessing/trees/{id}: the JSON request body is free-form'),
    ]);
  });
});
