import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaEventBus, kafkaTlsFromEnv, type BusMessage, type KafkaBusConfig } from '../src';
import { generateTestCa, type TestCa } from './fixtures/test-ca';

/**
 * Issue 9 item 4, Kafka: a broker of this test's own (infra/kafka/kafka.sh, its own state directory and free ports,
 * not the test command's 19092) serves an SSL listener with a certificate from a CA generated for this run and
 * requires client certificates from that CA. A KafkaEventBus trusting the CA produces and consumes over it; clients
 * that do not trust it, or bring no certificate, or speak plain text, are refused within a bounded time.
 * The jars: VIGIE_TEST_KAFKA_LIB_DIR (the test command passes its broker's), else <repo>/.vigie's, else a Maven copy.
 */
const REPO = resolve(import.meta.dirname, '../../..');
const KAFKA_SH = join(REPO, 'infra/kafka/kafka.sh');
let dir: string;
let ca: TestCa;
let brokerEnv: NodeJS.ProcessEnv;
let sslBrokers: string[];
const buses: KafkaEventBus[] = [];

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

function kafkaSh(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('bash', [KAFKA_SH, ...args], { env, encoding: 'utf8', timeout: 150_000 });
}

function bus(config: Partial<KafkaBusConfig>): KafkaEventBus {
  const b = KafkaEventBus.fromConfig({ brokers: sslBrokers, clientId: 'tls-test', retryBackoff: { initialMs: 50, maxMs: 200 }, ...config });
  buses.push(b);
  return b;
}

/** Settles `promise` and reports how long it took: a refusal must come fast, never as a hang. */
async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await promise;
    return { error: null, ms: Date.now() - started };
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-kafka-tls-'));
  ca = generateTestCa(dir);
  const [port, controllerPort, sslPort] = [await freePort(), await freePort(), await freePort()];
  const libDir = process.env.VIGIE_TEST_KAFKA_LIB_DIR ?? join(REPO, '.vigie/infra/kafka/lib');
  brokerEnv = {
    ...process.env,
    VIGIE_STATE_DIR: join(dir, 'state'),
    ...(existsSync(libDir) ? { KAFKA_LIB_DIR: libDir } : {}),
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_HEAP_OPTS: '-Xms128m -Xmx256m',
    KAFKA_SSL_PORT: String(sslPort),
    KAFKA_SSL_CERT: ca.serverCert,
    KAFKA_SSL_KEY: ca.serverKey,
    KAFKA_SSL_CA: ca.caCert,
  };
  const started = kafkaSh(['start'], brokerEnv);
  if (started.status !== 0) throw new Error(`kafka.sh start failed (${started.status}): ${started.stderr}`);
  const printed = /^KAFKA_SSL_BROKERS=(\S+)$/m.exec(started.stdout)?.[1];
  expect(printed).toBe(`127.0.0.1:${sslPort}`);
  sslBrokers = [printed ?? ''];
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(buses.map((b) => b.close()));
  if (brokerEnv) kafkaSh(['stop', '--wipe'], brokerEnv);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('Kafka over TLS with a generated CA', () => {
  it('produces and consumes over SSL when the bus trusts the CA and presents its client certificate', async () => {
    const tls = kafkaTlsFromEnv({ KAFKA_TLS_CA: ca.caCert, KAFKA_TLS_CERT: ca.clientCert, KAFKA_TLS_KEY: ca.clientKey });
    const b = bus({ tls });
    await b.ensureTopics([{ name: 'tls.events', partitions: 2 }]);
    const received: BusMessage[] = [];
    let gotAll: () => void = () => undefined;
    const all = new Promise<void>((done) => (gotAll = done));
    const subscription = await b.subscribe({
      topics: ['tls.events'],
      groupId: 'tls-group',
      fromBeginning: true,
      handleBatch: async (batch) => {
        received.push(...batch);
        if (received.length >= 3) gotAll();
      },
    });
    await b.publish(
      'tls.events',
      ['a', 'b', 'c'].map((v) => ({ key: `k-${v}`, value: v })),
    );
    await all;
    await subscription.stop();
    expect(received.map((m) => m.value.toString()).sort()).toEqual(['a', 'b', 'c']);
    expect([...(await b.endOffsets('tls.events')).values()].reduce((n, o) => n + Number(o), 0)).toBe(3);
  });

  it('checks KAFKA_TLS_SERVERNAME against the broker certificate instead of the address', async () => {
    const env = { KAFKA_TLS_CA: ca.caCert, KAFKA_TLS_CERT: ca.clientCert, KAFKA_TLS_KEY: ca.clientKey };
    await bus({ tls: kafkaTlsFromEnv({ ...env, KAFKA_TLS_SERVERNAME: 'localhost' }) }).ensureTopics([{ name: 'tls.named', partitions: 1 }]);
    const { error, ms } = await timed(
      bus({ tls: kafkaTlsFromEnv({ ...env, KAFKA_TLS_SERVERNAME: 'kafka.plant.example' }) }).ensureTopics([]),
    );
    expect(error).toMatchObject({ code: 'KAFKA_TLS_HANDSHAKE_FAILED', tlsCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(ms).toBeLessThan(15_000);
  });

  it('refuses a client with the default trust store: the handshake error, surfaced within seconds', async () => {
    const { error, ms } = await timed(
      bus({ tls: { ca: [], client: null, servername: null } }).ensureTopics([{ name: 'tls.untrusted', partitions: 1 }]),
    );
    expect(error).toMatchObject({ code: 'KAFKA_TLS_HANDSHAKE_FAILED', tlsCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect((error as Error).message).toContain('KAFKA_TLS_CA');
    expect(ms).toBeLessThan(15_000);
  });

  it('refuses a client that trusts the CA but presents no certificate (mutual TLS required)', async () => {
    const { error, ms } = await timed(
      bus({ tls: kafkaTlsFromEnv({ KAFKA_TLS_CA: ca.caCert }) }).ensureTopics([{ name: 'tls.anonymous', partitions: 1 }]),
    );
    // TLS 1.3: the broker checks the client certificate after the handshake, alerts and closes the connection.
    expect(error).toMatchObject({ code: 'KAFKA_TLS_HANDSHAKE_FAILED', tlsCode: expect.stringMatching(/^ERR_SSL_.*ALERT/) });
    expect((error as Error).message).toContain('check KAFKA_TLS_CERT and KAFKA_TLS_KEY');
    expect(ms).toBeLessThan(45_000);
  });

  it('refuses a plain-text client on the SSL port at once', async () => {
    const { error, ms } = await timed(bus({}).ensureTopics([{ name: 'tls.plain', partitions: 1 }]));
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toContainEqual(
      expect.objectContaining({ code: 'PLT_KFK_USER', message: 'Broker requires TLS.' }),
    );
    expect(ms).toBeLessThan(5_000);
  });

  it('kafka.sh refuses half an SSL configuration (TLS_CONFIG_INVALID) rather than start without the listener', () => {
    const env = { ...process.env, VIGIE_STATE_DIR: join(dir, 'half'), KAFKA_PORT: '1', KAFKA_CONTROLLER_PORT: '2', KAFKA_SSL_PORT: '3' };
    const half = kafkaSh(['start'], { ...env, KAFKA_SSL_CERT: ca.serverCert });
    expect(half.status).toBe(1);
    expect(half.stderr).toContain('TLS_CONFIG_INVALID: KAFKA_SSL_PORT, KAFKA_SSL_CERT and KAFKA_SSL_KEY go together');
    const unreadable = kafkaSh(['start'], { ...env, KAFKA_SSL_CERT: ca.serverCert, KAFKA_SSL_KEY: join(dir, 'missing.key') });
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr).toContain(`TLS_CONFIG_INVALID: KAFKA_SSL_KEY=${join(dir, 'missing.key')} cannot be read`);
  });
});
