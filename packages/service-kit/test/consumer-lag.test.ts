import { afterEach, describe, expect, it } from 'vitest';
import { SensorData, TOPICS } from '@vigie/contracts';
import { InMemoryEventBus } from '../src/bus';
import { startConsumer, type Subscription } from '../src';
import { createLogger } from '../src/logger';
import { consumerLag, ServiceMetrics } from '../src/metrics';

/** vigie_consumer_lag_messages: read from the bus at every scrape, per consumer group and topic. */
describe('consumer lag metric', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  it('counts what a group has still to consume, and drops to 0 once it caught up', async () => {
    const bus = new InMemoryEventBus();
    closers.push(() => bus.close());
    await bus.ensureTopics([{ name: 'demo', partitions: 3 }]);
    await bus.publish(
      'demo',
      ['a', 'b', 'c', 'd', 'e'].map((k) => ({ key: k, value: Buffer.from(k) })),
    );
    expect(await consumerLag(bus, 'g1', 'demo')).toBe(5);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sub = await bus.subscribe({ topics: ['demo'], groupId: 'g1', fromBeginning: true, handleBatch: async () => gate });
    closers.push(() => sub.stop());
    expect(await consumerLag(bus, 'g1', 'demo')).toBe(5); // nothing committed while the handler holds
    release();
    for (let i = 0; i < 100 && (await consumerLag(bus, 'g1', 'demo')) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await consumerLag(bus, 'g1', 'demo')).toBe(0);
  });

  it('does not count messages a consumer handled while holding their commit back (windowing) as lag', async () => {
    const bus = new InMemoryEventBus();
    closers.push(() => bus.close());
    await bus.ensureTopics([{ name: TOPICS.sensorData, partitions: 1 }]);
    const metrics = new ServiceMetrics('held-test');
    const lagOf = async () =>
      Number(
        /vigie_consumer_lag_messages\{topic="sensor-data",group="windows",service="held-test"\} (\d+)/.exec(
          await metrics.registry.metrics(),
        )?.[1],
      );
    let handled = 0;
    // Holds the commit at the first message it ever saw, as a window still open since then would.
    const sub = await startConsumer(
      bus,
      {
        topic: TOPICS.sensorData,
        groupId: 'windows',
        handle: async (events) => {
          handled += events.length;
          return new Map([[0, '0']]);
        },
      },
      createLogger('held-test', 'silent'),
      metrics,
    );
    closers.push(() => sub.stop());
    const event = (i: number) =>
      JSON.stringify(
        SensorData.create({
          source: 'test',
          subject: 'P-1',
          data: {
            assetId: 'P-1',
            sensorId: 'P-1.vibration',
            unit: 'mm/s',
            samples: [{ ts: 1_700_000_000_000 + i, value: 1, quality: 'good' }],
          },
        }),
      );
    await bus.publish(
      TOPICS.sensorData,
      Array.from({ length: 40 }, (_, i) => ({ key: 'P-1', value: Buffer.from(event(i)) })),
    );
    for (let i = 0; i < 200 && handled < 40; i++) await new Promise((r) => setTimeout(r, 10));
    expect(handled).toBe(40);
    for (let i = 0; i < 200 && (await lagOf()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await lagOf()).toBe(0); // all handled: not behind
    expect(await consumerLag(bus, 'windows', TOPICS.sensorData)).toBe(40); // the commit alone says 40 (held back)
    await bus.publish(TOPICS.sensorData, [{ key: 'P-1', value: Buffer.from(event(40)) }]);
    expect(await lagOf()).toBeLessThanOrEqual(1); // a new message is lag until handled
  });

  it('is exposed on the service registry, read at each scrape, for every started consumer', async () => {
    const metrics = new ServiceMetrics('lag-test');
    let end = 7;
    metrics.trackConsumerLag(
      {
        endOffsets: async () =>
          new Map([
            [0, String(end)],
            [1, '3'],
          ]),
        committedOffsets: async () => new Map([[0, '2']]),
      },
      'demo',
      'g1',
    );
    expect(await metrics.registry.metrics()).toMatch(/vigie_consumer_lag_messages\{topic="demo",group="g1",service="lag-test"\} 8/);
    end = 2;
    expect(await metrics.registry.metrics()).toMatch(/vigie_consumer_lag_messages\{topic="demo",group="g1",service="lag-test"\} 3/);

    const bus = new InMemoryEventBus();
    closers.push(() => bus.close());
    await bus.ensureTopics([{ name: TOPICS.sensorData, partitions: 1 }]);
    const sub: Subscription = await startConsumer(
      bus,
      { topic: TOPICS.sensorData, groupId: 'lag-group', handle: async () => undefined },
      createLogger('lag-test', 'silent'),
      metrics,
    );
    closers.push(() => sub.stop());
    expect(await metrics.registry.metrics()).toMatch(
      /vigie_consumer_lag_messages\{topic="sensor-data",group="lag-group",service="lag-test"\} 0/,
    );
  });
});
