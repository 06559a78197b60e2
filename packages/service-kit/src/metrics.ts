import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
    this.consumerLag = new Gauge({
      name: 'vigie_consumer_lag_messages',
      help: 'Messages behind the end of the topic, by consumer group',
      labelNames: ['topic', 'group'],
      registers: [this.registry],
    });
  }
}
