import type { BusMessage, EventBus } from '@vigie/service-kit';

/** Reads a topic from the beginning up to its current end (a fresh consumer group), for assertions. */
export async function readWholeTopic(bus: EventBus, topic: string, timeoutMs = 60_000): Promise<BusMessage[]> {
  const end = await bus.endOffsets(topic);
  const target = [...end].filter(([, o]) => BigInt(o) > 0n);
  const messages: BusMessage[] = [];
  const reached = new Map<number, bigint>();
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const check = () => {
    if (target.every(([p, o]) => (reached.get(p) ?? 0n) >= BigInt(o))) done();
  };
  const sub = await bus.subscribe({
    topics: [topic],
    groupId: `e2e-reader-${topic}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    fromBeginning: true,
    maxBatchSize: 2000,
    handleBatch: async (batch) => {
      for (const m of batch) {
        messages.push(m);
        reached.set(m.partition, BigInt(m.offset) + 1n);
      }
      check();
    },
  });
  check();
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`reading ${topic} timed out`)), timeoutMs));
  try {
    await Promise.race([finished, timer]);
  } finally {
    await sub.stop();
  }
  return messages.filter((m) => {
    const limit = end.get(m.partition);
    return limit !== undefined && BigInt(m.offset) < BigInt(limit);
  });
}
