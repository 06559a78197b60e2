/**
 * Throughput of the embedded bus: publish N small messages (keyed, 8 partitions) and consume them in one group,
 * in one process. Prints figures; not a test. Run: node --import tsx bench/event-bus.bench.ts [messages]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventBus } from '../packages/service-kit/src/bus';

const total = Number(process.argv[2] ?? 1_000_000);
const PUBLISH_BATCH = 1_000;
const value = Buffer.from('{"assetId":"pump-007","rms":0.4213,"t":1795760000}');
const keys = Array.from({ length: 64 }, (_, i) => `asset-${i}`);

async function run(label: string, bus: InMemoryEventBus): Promise<void> {
  await bus.ensureTopics([{ name: 'bench', partitions: 8 }]);
  let consumed = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const started = performance.now();
  const sub = await bus.subscribe({
    topics: ['bench'],
    groupId: 'bench',
    maxBatchSize: 500,
    handleBatch: async (batch) => {
      consumed += batch.length;
      if (consumed >= total) resolveDone();
    },
  });
  for (let sent = 0; sent < total; sent += PUBLISH_BATCH) {
    const n = Math.min(PUBLISH_BATCH, total - sent);
    await bus.publish('bench', Array.from({ length: n }, (_, i) => ({ key: keys[(sent + i) % keys.length]!, value })));
  }
  const published = performance.now();
  await done;
  const finished = performance.now();
  await sub.stop();
  await bus.close();
  const rate = (ms: number): string => `${Math.round(total / (ms / 1000)).toLocaleString('en')} msg/s`;
  console.log(
    `${label.padEnd(26)} ${total.toLocaleString('en')} messages: published in ${(published - started).toFixed(0)} ms, ` +
      `published+consumed in ${(finished - started).toFixed(0)} ms → ${rate(finished - started)} end to end`,
  );
}

await run('in memory', new InMemoryEventBus());
const dir = mkdtempSync(join(tmpdir(), 'vigie-bus-bench-'));
try {
  await run('with dataDir (JSON lines)', new InMemoryEventBus({ dataDir: dir }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
