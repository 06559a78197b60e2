import { createServer } from 'node:net';
import { ALL_TOPICS, DEFAULT_PARTITIONS, dlqTopic } from '@vigie/contracts';
import {
  InMemoryEventBus,
  PgliteDatabase,
  SharedSchemaHost,
  silentLogger,
  type BusMessage,
  type Database,
  type EventBus,
  type Service,
  type ServiceDeps,
} from '@vigie/service-kit';

export interface TestHarness {
  readonly bus: InMemoryEventBus;
  readonly host: SharedSchemaHost;
  db(schema: string): Database;
  deps(schema: string): ServiceDeps;
  close(): Promise<void>;
}

/** An in-process bus and one in-memory PGlite shared by schemas, as the embedded profile wires them. */
export async function createTestHarness(): Promise<TestHarness> {
  const bus = new InMemoryEventBus();
  await bus.ensureTopics(
    ALL_TOPICS.flatMap((t) => [
      { name: t, partitions: DEFAULT_PARTITIONS },
      { name: dlqTopic(t), partitions: 1 },
    ]),
  );
  const host = new SharedSchemaHost(await PgliteDatabase.open());
  return {
    bus,
    host,
    db: (schema) => host.forSchema(schema),
    deps: (schema) => ({ bus, db: host.forSchema(schema), logger: silentLogger() }),
    close: async () => {
      await bus.close();
      await host.close();
    },
  };
}

/** Collects every message published on `topic` (from the beginning) for assertions. */
export async function collectTopic(bus: EventBus, topic: string): Promise<{ messages: BusMessage[]; stop(): Promise<void> }> {
  const messages: BusMessage[] = [];
  const sub = await bus.subscribe({
    topics: [topic],
    groupId: `test-collector-${topic}-${Math.random().toString(36).slice(2)}`,
    fromBeginning: true,
    handleBatch: async (batch) => {
      messages.push(...batch);
    },
  });
  return { messages, stop: () => sub.stop() };
}

/** Polls `check` until it returns a truthy value or the timeout passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export async function startService(service: Service): Promise<Service> {
  await service.start();
  return service;
}

/** A TCP port free right now on this machine (for servers a test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
