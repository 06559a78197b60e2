import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PutRulesRequest, SERVICE_NAMES, SERVICES, type ServiceName } from '@vigie/contracts';
import { createLogger, isGuarded } from '@vigie/service-kit';
import { openapiProblems } from '@vigie/service-kit-testing';
import { startGuardedServices } from '../../../test/integration/support/guarded-services';

/**
 * Every service's OpenAPI document (GET /openapi.json), built as the embedded platform builds the seven services with
 * authentication on (the support of the permission-matrix and schemathesis tests, started without listening), is
 * complete for schemathesis: every `$ref` resolves, no JSON request body is free-form where zod validates it (PUT
 * /api/v1/rules carries PutRulesRequest), and every guarded operation declares the bearer scheme and its 401 and 403.
 * No token is ever verified here: the issuer URL is never fetched.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-openapi-documents-'));
const { services, close } = await startGuardedServices({
  dataDir,
  portOffset: 12_000,
  logger: createLogger('openapi-documents', 'silent'),
  auth: { issuer: 'http://127.0.0.1:9/never-fetched', clockToleranceSeconds: 30 },
  listen: false,
});
afterAll(async () => {
  await close();
  rmSync(dataDir, { recursive: true, force: true });
});

// `any`: OpenAPI documents read as JSON.
async function documentOf(name: ServiceName): Promise<Record<string, any>> {
  const res = await services.get(name)!.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('the OpenAPI document of every service', () => {
  it.each([...SERVICE_NAMES])('%s: every $ref resolves, no free-form body, 401/403 on guarded operations', async (name) => {
    const doc = await documentOf(name);
    expect(openapiProblems(doc)).toEqual([]);
    const guarded = Object.entries(doc.paths as Record<string, Record<string, any>>).filter(
      ([p]) => isGuarded(p) !== null && p !== `${SERVICES[name].prefix}/health`,
    );
    expect(guarded.length).toBeGreaterThan(0);
    for (const [p, item] of guarded) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.security, `${method} ${p}`).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(operation.responses), `${method} ${p}`).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('PUT /api/v1/rules documents the body the orchestrator validates with (PutRulesRequest), recursive conditions included', async () => {
    const doc = await documentOf('maintenance-orchestrator');
    const body = doc.paths['/api/v1/rules'].put.requestBody.content['application/json'].schema;
    const expected = z.toJSONSchema(PutRulesRequest, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, any>;
    expect(body).toMatchObject({ type: 'object', required: expected.required, additionalProperties: false });
    expect(Object.keys(body.properties)).toEqual(Object.keys(expected.properties));
    const rule = body.properties.rules.items;
    expect(rule.required).toEqual(expect.arrayContaining(['id', 'priority', 'conditions', 'event']));
    expect(JSON.stringify(rule.properties.conditions)).toContain('"$ref":"#/components/schemas/RuleCondition"');
    expect(doc.components.schemas.RuleCondition.anyOf).toHaveLength(4);
  });
});
