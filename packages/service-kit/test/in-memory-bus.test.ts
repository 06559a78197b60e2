import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, describeEventBusContract, KAFKA_PARTITION_VECTORS } from '@vigie/service-kit-testing';
import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryEventBus, murmur2, partitionFor } from '../src/bus';

describeEventBusContract('InMemoryEventBus', async () => new InMemoryEventBus({ retryBackoff: { initialMs: 20, maxMs: 200 } }));

describe('partitionFor (Kafka default partitioner)', () => {
  it.each(KAFKA_PARTITION_VECTORS)('matches Java for "$key"', (v) => {
    expect(murmur2(new TextEncoder().encode(v.key))).toBe(v.murmur2);
    expect(partitionFor(v.key, 3)).toBe(v.partitionOf3);
    expect(partitionFor(v.key, 12)).toBe(v.partitionOf12);
  });

  it('rejects a non-positive partition count', () => {
    expect(() => partitionFor('k', 0)).toThrow(RangeError);
  });
});

describe('InMemoryEventBus persistence and retention', () => {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-bus-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reloads topics, messages and committed offsets after a restart', async () => {
    const dir = dataDir();
    const first = new InMemoryEventBus({ dataDir: dir });
    await first.ensureTopics([{ name: 'events', partitions: 2 }]);
    await first.publish('events', Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, headers: { n: String(i) } })));
    const c = await collect(first, { topics: ['events'], groupId: 'svc' });
    await c.waitForCount(10);
    await c.subscription.stop();
    await first.publish('events', [{ key: 'k1', value: 'after-commit' }]);
    await first.close();

    const second = new InMemoryEventBus({ dataDir: dir });
    expect(await second.endOffsets('events')).toEqual(await endOffsetsOf(c.received, 'k1'));
    expect(await second.committedOffsets('svc', 'events')).toEqual(new Map(countByPartition(c.received)));
    const resumed = await collect(second, { topics: ['events'], groupId: 'svc' });
    await resumed.waitForCount(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(resumed.values()).toEqual(['after-commit']);
    const replay = await collect(second, { topics: ['events'], groupId: 'other' });
    await replay.waitForCount(11);
    expect(replay.received.find((m) => m.key === 'k3')?.headers).toEqual({ n: '3' });
    await second.close();
  });

  it('keeps at most maxMessagesPerPartition messages, in memory and on disk', async () => {
    const dir = dataDir();
    const bus = new InMemoryEventBus({ dataDir: dir, maxMessagesPerPartition: 100 });
    await bus.ensureTopics([{ name: 'bounded', partitions: 1 }]);
    for (let i = 0; i < 50; i++) await bus.publish('bounded', Array.from({ length: 10 }, (_, j) => ({ key: null, value: `${i * 10 + j}` })));
    expect(await bus.endOffsets('bounded')).toEqual(new Map([[0, '500']]));
    const c = await collect(bus, { topics: ['bounded'], groupId: 'late' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(c.received.length).toBeLessThanOrEqual(100 + Math.floor(100 / 16));
    expect(c.received.at(-1)?.offset).toBe('499');
    await bus.close();
    const lines = readFileSync(join(dir, 'bounded', '0.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(200);
    const reopened = new InMemoryEventBus({ dataDir: dir, maxMessagesPerPartition: 100 });
    expect(await reopened.endOffsets('bounded')).toEqual(new Map([[0, '500']]));
    await reopened.close();
  });

  it('refuses to subscribe to an unknown topic', async () => {
    const bus = new InMemoryEventBus();
    await expect(bus.subscribe({ topics: ['nope'], groupId: 'g', handleBatch: async () => undefined })).rejects.toThrow(/Unknown topic/);
    await bus.close();
  });
});

function countByPartition(messages: readonly { partition: number }[]): [number, string][] {
  const counts = new Map<number, number>();
  for (const m of messages) counts.set(m.partition, (counts.get(m.partition) ?? 0) + 1);
  return [...counts].map(([p, n]) => [p, String(n)]);
}

/** End offsets after the first 10 messages plus one more published with `extraKey`. */
async function endOffsetsOf(messages: readonly { partition: number }[], extraKey: string): Promise<Map<number, string>> {
  const counts = new Map(countByPartition(messages).map(([p, n]) => [p, Number(n)]));
  const p = partitionFor(extraKey, 2);
  counts.set(p, (counts.get(p) ?? 0) + 1);
  return new Map([0, 1].map((q) => [q, String(counts.get(q) ?? 0)]));
}
