import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Where a consumer group's lag is read: committed and end offsets per partition (an EventBus has both). */
export interface LagSource {
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
  endOffsets(topic: string): Promise<Map<number, string>>;
}

/**
 * One Prometheus registry per service (not prom-client's global one): in the embedded profile eight services
 * share a process, and each must still expose only its own series on /actuator/prometheus.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly eventsConsumed: Counter<'topic' | 'outcome'>;
  readonly eventsPublished: Counter<'topic'>;
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly consumerLag: Gauge<'topic' | 'group'>;
  private readonly lagTracked: { source: LagSource; topic: string; group: string }[] = [];

  constructor(service: string, { processMetrics = false }: { processMetrics?: boolean } = {}) {
    this.registry.setDefaultLabels({ service });
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
    this.eventsConsumed = new Counter({
      name: 'vigie_events_consumed_total',
      help: 'Events consumed, by topic and outcome (ok, dead_lettered)',
      labelNames: ['topic', 'outcome'],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'vigie_events_published_total',
      help: 'Events published, by topic',
      labelNames: ['topic'],
      registers: [this.registry],
    });
    this.httpRequests = new Histogram({
      name: 'vigie_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    const tracked = this.lagTracked;
    this.consumerLag = new Gauge({
      name: 'vigie_consumer_lag_messages',
      help: 'Messages of the topic not handled yet by the consumer group (end offset − committed or handled offset)',
      labelNames: ['topic', 'group'],
      registers: [this.registry],
      // Read at every scrape: Σ over partitions of (end offset − progress; nothing committed = from 0). Started
      // consumers report as progress the committed offset or, further, what they handled with the commit held back.
      async collect() {
        for (const t of tracked) {
          try {
            this.set({ topic: t.topic, group: t.group }, await consumerLag(t.source, t.group, t.topic));
          } catch {
            // The bus is unreachable or closing: keep the last value rather than fail the whole scrape.
          }
        }
      },
    });
  }

  /** Reports the lag of a consumer group on /actuator/prometheus from now on. */
  trackConsumerLag(source: LagSource, topic: string, group: string): void {
    if (!this.lagTracked.some((t) => t.topic === topic && t.group === group)) this.lagTracked.push({ source, topic, group });
  }
}

/** Messages a group has still to consume on a topic: Σ over partitions of end − committed (none committed: end). */
export async function consumerLag(source: LagSource, group: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([source.endOffsets(topic), source.committedOffsets(group, topic)]);
  let lag = 0;
  for (const [partition, end] of ends) lag += Math.max(0, Number(end) - Number(committed.get(partition) ?? '0'));
  return lag;
}
