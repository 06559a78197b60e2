import type { BusMessage, EventBus } from '@vigie/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, delay, sum, uniqueName, waitUntil } from './bus-test-helpers';
import { KAFKA_PARTITION_VECTORS } from './kafka-partition-vectors';

const text = (m: BusMessage): string => m.value.toString('utf8');

/**
 * The semantics every EventBus adapter must have (see event-bus.ts). Each test uses its own topics and groups
 * (random suffix), so the suite can run repeatedly against one long-lived Kafka broker.
 */
export function describeEventBusContract(name: string, factory: () => Promise<EventBus>): void {
  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    const topic = async (prefix: string, partitions: number): Promise<string> => {
      const t = uniqueName(prefix);
      await bus.ensureTopics([{ name: t, partitions }]);
      return t;
    };

    beforeAll(async () => {
      bus = await factory();
    });
    afterAll(async () => {
      await bus?.close();
    });

    it('creates topics idempotently', async () => {
      const t = uniqueName('ensure');
      await bus.ensureTopics([{ name: t, partitions: 3 }]);
      await bus.ensureTopics([{ name: t, partitions: 3 }]);
      expect(await bus.endOffsets(t)).toEqual(
        new Map([
          [0, '0'],
          [1, '0'],
          [2, '0'],
        ]),
      );
    });

    it('rejects a publish to a topic that was never created', async () => {
      await expect(bus.publish(uniqueName('missing'), [{ key: 'k', value: 'v' }])).rejects.toThrow(/topic/i);
    });

    it('round-trips key, value, headers and timestamp', async () => {
      const t = await topic('roundtrip', 3);
      const before = Date.now();
      await bus.publish(t, [{ key: 'asset-42', value: Buffer.from([0, 1, 2, 255]), headers: { 'ce-type': 'x', empty: '' } }]);
      const c = await collect(bus, { topics: [t], groupId: uniqueName('g') });
      await c.waitForCount(1);
      await c.subscription.stop();
      const [m] = c.received;
      expect(m).toMatchObject({ topic: t, partition: 1, offset: '0', key: 'asset-42', headers: { 'ce-type': 'x', empty: '' } });
      expect([...m!.value]).toEqual([0, 1, 2, 255]);
      expect(m!.timestamp).toBeGreaterThanOrEqual(before - 1_000);
      expect(m!.timestamp).toBeLessThanOrEqual(Date.now() + 1_000);
    });

    it('places each key on the partition a Java Kafka producer would choose', async () => {
      const t = await topic('placement', 12);
      await bus.publish(
        t,
        KAFKA_PARTITION_VECTORS.map((v) => ({ key: v.key, value: v.key })),
      );
      const c = await collect(bus, { topics: [t], groupId: uniqueName('g') });
      await c.waitForCount(KAFKA_PARTITION_VECTORS.length);
      await c.subscription.stop();
      for (const v of KAFKA_PARTITION_VECTORS) {
        expect(c.received.find((m) => m.key === v.key)?.partition, `key "${v.key}"`).toBe(v.partitionOf12);
      }
    });

    it('keeps per-key order across many messages', async () => {
      const t = await topic('order', 4);
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      for (let round = 0; round < 4; round++) {
        await bus.publish(
          t,
          Array.from({ length: 300 }, (_, i) => ({ key: keys[i % keys.length]!, value: String(round * 300 + i) })),
        );
      }
      const c = await collect(bus, { topics: [t], groupId: uniqueName('g'), maxBatchSize: 97 });
      await c.waitForCount(1_200);
      await c.subscription.stop();
      for (const key of keys) {
        const seq = c.received.filter((m) => m.key === key).map((m) => Number(text(m)));
        expect(seq).toEqual([...seq].sort((x, y) => x - y));
        expect(seq).toHaveLength(200);
      }
    });

    it('publishes one call of several megabytes, in order, on one key (a broker caps each record batch at 1 MiB)', async () => {
      const t = await topic('large', 2);
      const payload = 'x'.repeat(20_000);
      await bus.publish(
        t,
        Array.from({ length: 200 }, (_, i) => ({ key: 'same-asset', value: `${i}:${payload}` })),
      );
      const c = await collect(bus, { topics: [t], groupId: uniqueName('g') });
      await c.waitForCount(200);
      await c.subscription.stop();
      expect(c.received.map((m) => Number(text(m).split(':')[0]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    });

    it('splits partitions between two members of a group, each message handled once', async () => {
      const t = await topic('split', 6);
      const group = uniqueName('g');
      const a = await collect(bus, { topics: [t], groupId: group });
      const b = await collect(bus, { topics: [t], groupId: group });
      // Warm up until both members receive: the group has then settled on its final assignment.
      await waitUntil(async () => {
        await bus.publish(
          t,
          Array.from({ length: 6 }, () => ({ key: null, value: 'warm-up' })),
        );
        await delay(100);
        return a.received.length > 0 && b.received.length > 0;
      }, 'both members to receive');
      const values = Array.from({ length: 300 }, (_, i) => `m-${i}`);
      await bus.publish(
        t,
        values.map((v) => ({ key: v, value: v })),
      );
      const real = (): string[] => [...a.values(), ...b.values()].filter((v) => v.startsWith('m-'));
      await waitUntil(() => real().length >= 300, 'all 300 messages');
      await delay(300);
      await Promise.all([a.subscription.stop(), b.subscription.stop()]);
      expect(real().sort()).toEqual([...values].sort());
      const partitionsOf = (received: BusMessage[]): Set<number> =>
        new Set(received.filter((m) => text(m).startsWith('m-')).map((m) => m.partition));
      const [pa, pb] = [partitionsOf(a.received), partitionsOf(b.received)];
      expect(pa.size).toBeGreaterThan(0);
      expect(pb.size).toBeGreaterThan(0);
      expect([...pa].filter((p) => pb.has(p))).toEqual([]);
    });

    it('gives a second group every message independently', async () => {
      const t = await topic('groups', 2);
      await bus.publish(
        t,
        Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
      );
      const [g1, g2] = await Promise.all([
        collect(bus, { topics: [t], groupId: uniqueName('g1') }),
        collect(bus, { topics: [t], groupId: uniqueName('g2') }),
      ]);
      await Promise.all([g1.waitForCount(50), g2.waitForCount(50)]);
      await Promise.all([g1.subscription.stop(), g2.subscription.stop()]);
      expect(g1.values().sort()).toEqual(g2.values().sort());
      expect(new Set(g1.values()).size).toBe(50);
    });

    it('resumes after the committed offset when a member stops and resubscribes', async () => {
      const t = await topic('resume', 3);
      const group = uniqueName('g');
      await bus.publish(
        t,
        Array.from({ length: 100 }, (_, i) => ({ key: `k${i}`, value: `first-${i}` })),
      );
      const first = await collect(bus, { topics: [t], groupId: group });
      await first.waitForCount(100);
      await first.subscription.stop();
      expect(sum(await bus.committedOffsets(group, t))).toBe(100);
      expect(await bus.committedOffsets(group, t)).toEqual(await bus.endOffsets(t));
      await bus.publish(
        t,
        Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `second-${i}` })),
      );
      const again = await collect(bus, { topics: [t], groupId: group });
      await again.waitForCount(50);
      await delay(300);
      await again.subscription.stop();
      expect(again.values().sort()).toEqual(Array.from({ length: 50 }, (_, i) => `second-${i}`).sort());
    });

    it('redelivers a batch whose handler threw, losing nothing', async () => {
      const t = await topic('retry', 1);
      await bus.publish(
        t,
        Array.from({ length: 20 }, (_, i) => ({ key: 'k', value: `v${i}` })),
      );
      let failures = 0;
      const attempts: string[][] = [];
      const c = await collect(bus, {
        topics: [t],
        groupId: uniqueName('g'),
        handle: (batch) => {
          attempts.push(batch.map(text));
          if (failures++ === 0) throw new Error('transient failure (expected by the test)');
        },
      });
      await c.waitForCount(20);
      await c.subscription.stop();
      expect(c.values()).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
      expect(attempts[1]?.[0]).toBe(attempts[0]?.[0]);
    });

    it('holds a commit back when the handler returns a CommitHint', async () => {
      const t = await topic('hint', 1);
      const group = uniqueName('g');
      await bus.publish(
        t,
        Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: `v${i}` })),
      );
      const hold = (batch: readonly BusMessage[]): Map<number, string> =>
        new Map([[0, String(Math.min(Number(batch[batch.length - 1]!.offset) + 1, 5))]]);
      const first = await collect(bus, { topics: [t], groupId: group, handle: hold });
      await first.waitForCount(10);
      await first.subscription.stop();
      expect(await bus.committedOffsets(group, t)).toEqual(new Map([[0, '5']]));
      const again = await collect(bus, { topics: [t], groupId: group });
      await again.waitForCount(5);
      await delay(200);
      await again.subscription.stop();
      expect(again.values()).toEqual(['v5', 'v6', 'v7', 'v8', 'v9']);
    });

    it('starts at the end of the log for a new group with fromBeginning=false', async () => {
      const t = await topic('latest', 2);
      await bus.publish(
        t,
        Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: 'old' })),
      );
      const c = await collect(bus, { topics: [t], groupId: uniqueName('g'), fromBeginning: false });
      // The reset point is taken when partitions are assigned: keep publishing until new messages flow.
      await waitUntil(async () => {
        await bus.publish(t, [
          { key: 'k1', value: 'new' },
          { key: 'k2', value: 'new' },
        ]);
        await delay(100);
        return c.received.length > 0;
      }, 'a new message');
      await c.subscription.stop();
      expect(c.values().filter((v) => v === 'old')).toEqual([]);
    });

    it('reports committed and end offsets per partition', async () => {
      const t = await topic('offsets', 3);
      const group = uniqueName('g');
      expect(await bus.committedOffsets(group, t)).toEqual(new Map());
      await bus.publish(
        t,
        KAFKA_PARTITION_VECTORS.map((v) => ({ key: v.key, value: v.key })),
      );
      const expected = new Map<number, string>(
        [0, 1, 2].map((p) => [p, String(KAFKA_PARTITION_VECTORS.filter((v) => v.partitionOf3 === p).length)]),
      );
      expect(await bus.endOffsets(t)).toEqual(expected);
      const c = await collect(bus, { topics: [t], groupId: group });
      await c.waitForCount(KAFKA_PARTITION_VECTORS.length);
      await waitUntil(async () => sum(await bus.committedOffsets(group, t)) === KAFKA_PARTITION_VECTORS.length, 'commits');
      await c.subscription.stop();
      expect(await bus.committedOffsets(group, t)).toEqual(expected);
    });
  });
}
