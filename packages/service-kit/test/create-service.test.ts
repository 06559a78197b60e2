import { describe, expect, it } from 'vitest';
import { TOPICS } from '@vigie/contracts';
import { createService, defineConsumer, defineRoute } from '../src';
import { createTestHarness } from '@vigie/service-kit-testing';
import { z } from 'zod';

describe('createService', () => {
  it('refuses two consumers sharing a group id over different topics (Kafka would starve one of them)', async () => {
    const h = await createTestHarness();
    const handle = async () => undefined;
    const service = createService(
      {
        name: 'monitoring',
        healthPath: null,
        consumers: [
          defineConsumer({ topic: TOPICS.workOrders, groupId: 'g', handle }),
          defineConsumer({ topic: TOPICS.rulPredictions, groupId: 'g', handle }),
        ],
      },
      h.deps('cs_groups'),
    );
    await expect(service.start()).rejects.toThrow(/share the group id g/);
    await h.close();
  });

  it('serves health, Prometheus metrics, OpenAPI, and maps errors to stable codes', async () => {
    const h = await createTestHarness();
    const service = createService(
      {
        name: 'preprocessing',
        routes: [
          defineRoute({ method: 'POST', url: '/echo', summary: 'echo', body: z.object({ n: z.number() }).strict(), handler: ({ body }) => body }),
          defineRoute({ method: 'GET', url: '/boom', summary: 'boom', handler: () => { throw new Error('secret internals'); } }),
        ],
      },
      h.deps('cs_http'),
    );
    await service.start();
    expect((await service.app.inject({ method: 'GET', url: '/actuator/health' })).json()).toMatchObject({ status: 'UP', components: { database: { status: 'UP' } } });
    expect((await service.app.inject({ method: 'GET', url: '/api/v1/preprocessing/health' })).statusCode).toBe(200);
    expect((await service.app.inject({ method: 'GET', url: '/actuator/prometheus' })).body).toContain('vigie_http_request_duration_seconds');
    expect((await service.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths['/echo']).toBeDefined();
    expect((await service.app.inject({ method: 'POST', url: '/echo', payload: { n: 'x' } })).json().error.code).toBe('VALIDATION_FAILED');
    const boom = await service.app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('secret');
    expect((await service.app.inject({ method: 'GET', url: '/nope' })).json().error.code).toBe('ROUTE_NOT_FOUND');
    await service.stop();
    await h.close();
  });
});
