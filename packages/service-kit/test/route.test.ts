import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestHarness } from '@vigie/service-kit-testing';
import { createService, defineRoute } from '../src';

/**
 * registerRoute (http/route.ts), on the two findings of schemathesis (test/integration/schemathesis.int.test.ts): the
 * OpenAPI document is valid OpenAPI 3.0 (the version @fastify/swagger declares), and strings holding U+0000, which
 * PostgreSQL cannot store, are refused with 400 VALIDATION_FAILED before a handler sees them (they were a 500).
 */
describe('registerRoute', () => {
  async function serve() {
    const h = await createTestHarness();
    const seen: unknown[] = [];
    const service = createService(
      {
        name: 'preprocessing',
        routes: [
          defineRoute({
            method: 'POST',
            url: '/things',
            summary: 'store a thing',
            body: z
              .object({ name: z.string(), tags: z.record(z.string(), z.string()).default({}), gain: z.number().positive().nullable() })
              .strict(),
            response: z.object({ gain: z.number().positive().nullable() }),
            handler: ({ body }) => {
              seen.push(body);
              return { gain: body.gain };
            },
          }),
        ],
      },
      h.deps('route_doc'),
    );
    await service.start();
    return {
      app: service.app,
      seen,
      close: async () => {
        await service.stop();
        await h.close();
      },
    };
  }

  it('documents schemas as OpenAPI 3.0 Schema Objects: boolean exclusiveMinimum beside minimum, nullable', async () => {
    const { app, close } = await serve();
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\.0\./);
    const gain = doc.paths['/things'].post.requestBody.content['application/json'].schema.properties.gain;
    expect(gain).toMatchObject({ type: 'number', minimum: 0, exclusiveMinimum: true, nullable: true });
    expect(JSON.stringify(doc)).not.toMatch(/"exclusiveMinimum":\d/);
    await close();
  });

  it('refuses a NUL character in a value or a key with 400 VALIDATION_FAILED naming where, and the handler never runs', async () => {
    const { app, seen, close } = await serve();
    for (const [payload, path] of [
      [{ name: 'a\u0000b', gain: 1 }, 'body.name'],
      [{ name: 'ok', tags: { 'k\u0000': 'v' }, gain: null }, 'body.tags.k\u0000'],
      [{ name: 'ok', tags: { k: '\u0000' }, gain: 2 }, 'body.tags.k'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/things', payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ path, message: expect.stringContaining('U+0000') }] },
      });
    }
    expect(seen).toEqual([]);
    const ok = await app.inject({ method: 'POST', url: '/things', payload: { name: 'fine', gain: 0.5 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(seen).toHaveLength(1);
    await close();
  });
});
