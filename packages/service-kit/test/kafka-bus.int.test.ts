import { describeEventBusContract } from '@vigie/service-kit-testing';
import { KafkaEventBus } from '../src/bus';

/**
 * The event-bus contract against a real Kafka broker. The test command provides it:
 *   infra/kafka/kafka.sh start   (prints KAFKA_BROKERS=127.0.0.1:19092)
 *   VIGIE_TEST_KAFKA_BROKERS=127.0.0.1:19092 npx vitest run --project integration packages/service-kit/test/kafka-bus.int.test.ts
 * Missing broker configuration fails the run on purpose: a skipped integration test reads as a green one.
 */
const brokers = process.env.VIGIE_TEST_KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean) ?? [];
if (brokers.length === 0) {
  throw new Error(
    'VIGIE_TEST_KAFKA_BROKERS is not set. The integration test command starts Kafka first: run `infra/kafka/kafka.sh start` ' +
      'and pass VIGIE_TEST_KAFKA_BROKERS=127.0.0.1:19092 (the KAFKA_BROKERS line it prints).',
  );
}

describeEventBusContract('KafkaEventBus', async () =>
  KafkaEventBus.fromConfig({
    brokers,
    clientId: 'vigie-contract-test',
    // Short group timings keep joins and rebalances within a second or two on a single broker.
    consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 300, rebalanceTimeoutMs: 6_000, maxWaitTimeMs: 200 },
    retryBackoff: { initialMs: 50, maxMs: 500 },
  }),
);
