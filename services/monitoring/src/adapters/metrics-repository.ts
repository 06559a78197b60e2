import type { ServiceMetricsSample } from '@vigie/contracts';
import type { Queryable } from '@vigie/service-kit';
import type { TopicCount } from '../domain/topic-counters';

/** The per-service figures, each a series `service_<figure>` labelled {service}; a null figure is not stored. */
const SERVICE_FIGURES = [
  'requestsPerSecond',
  'eventsInPerSecond',
  'eventsOutPerSecond',
  'consumerLag',
  'latencyP95Ms',
  'errorRate',
  'dlqTotal',
] as const satisfies readonly (keyof ServiceMetricsSample)[];
type Figure = (typeof SERVICE_FIGURES)[number];
const seriesName = (f: Figure): string => `service_${f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
const SERIES_NAMES = SERVICE_FIGURES.map(seriesName);
const FIGURE_OF = new Map<string, Figure>(SERVICE_FIGURES.map((f) => [seriesName(f), f]));

const EVENTS = 'monitoring_events_total';
const LAST_EVENT = 'monitoring_last_event_at_ms';

/**
 * `system_metrics` rows: per-topic counters (labels {topic}, one sample per flush) and per-service aggregates of
 * each Prometheus scrape (labels {service}, one sample per poll).
 */
export class MetricsRepository {
  constructor(private readonly db: Queryable) {}

  async saveCounters(counts: readonly TopicCount[], at: Date): Promise<void> {
    const rows = counts.flatMap((c) => [
      { name: EVENTS, topic: c.topic, value: c.events },
      ...(c.lastEventAt === null ? [] : [{ name: LAST_EVENT, topic: c.topic, value: c.lastEventAt }]),
    ]);
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO system_metrics (ts, name, labels, value)
       SELECT $1, r.name, jsonb_build_object('topic', r.topic), r.value
       FROM jsonb_to_recordset($2::jsonb) AS r(name text, topic text, value double precision)`,
      [at, JSON.stringify(rows)],
    );
  }

  /** The newest saved sample of each topic's counters. */
  async loadCounters(): Promise<TopicCount[]> {
    const { rows } = await this.db.query<{ name: string; topic: string; value: number }>(
      `SELECT DISTINCT ON (name, labels->>'topic') name, labels->>'topic' AS topic, value
       FROM system_metrics WHERE name = ANY($1::text[]) ORDER BY name, labels->>'topic', ts DESC`,
      [[EVENTS, LAST_EVENT]],
    );
    const byTopic = new Map<string, { events: number; lastEventAt: number | null }>();
    for (const r of rows) {
      const c = byTopic.get(r.topic) ?? { events: 0, lastEventAt: null };
      if (r.name === EVENTS) c.events = r.value;
      else c.lastEventAt = r.value;
      byTopic.set(r.topic, c);
    }
    return [...byTopic].map(([topic, c]) => ({ topic, ...c }));
  }

  /** Drops samples older than `before` (the newest per topic is always younger: it was just written). */
  async prune(before: Date): Promise<void> {
    await this.db.query('DELETE FROM system_metrics WHERE name = ANY($1::text[]) AND ts < $2', [[EVENTS, LAST_EVENT], before]);
  }

  async saveServiceSamples(samples: readonly { service: string; sample: ServiceMetricsSample }[]): Promise<void> {
    const rows = samples.flatMap(({ service, sample }) =>
      SERVICE_FIGURES.flatMap((f) => {
        const value = sample[f];
        return value === null || !Number.isFinite(value) ? [] : [{ ts: sample.at, name: seriesName(f), service, value }];
      }),
    );
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO system_metrics (ts, name, labels, value)
       SELECT r.ts, r.name, jsonb_build_object('service', r.service), r.value
       FROM jsonb_to_recordset($1::jsonb) AS r(ts timestamptz, name text, service text, value double precision)`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * The service samples taken since `since`, oldest first, at most `limit` per service. A sample is rebuilt from
   * the rows sharing its timestamp; figures not stored (null) come back null.
   */
  async serviceHistory(since: Date, limit: number): Promise<Map<string, ServiceMetricsSample[]>> {
    const { rows } = await this.db.query<{ ts: Date; name: string; service: string; value: number }>(
      `SELECT ts, name, labels->>'service' AS service, value FROM system_metrics
       WHERE name = ANY($1::text[]) AND ts >= $2 ORDER BY ts`,
      [SERIES_NAMES, since],
    );
    const byService = new Map<string, Map<number, ServiceMetricsSample>>();
    for (const r of rows) {
      const figure = FIGURE_OF.get(r.name);
      if (!figure) continue;
      const samples = byService.get(r.service) ?? new Map<number, ServiceMetricsSample>();
      byService.set(r.service, samples);
      const t = r.ts.getTime();
      const sample = samples.get(t) ?? emptySample(r.ts.toISOString());
      samples.set(t, { ...sample, [figure]: r.value });
    }
    return new Map([...byService].map(([service, samples]) => [service, [...samples.values()].slice(-limit)]));
  }

  /** Drops service samples older than `before`. */
  async pruneServiceSamples(before: Date): Promise<void> {
    await this.db.query('DELETE FROM system_metrics WHERE name = ANY($1::text[]) AND ts < $2', [SERIES_NAMES, before]);
  }
}

function emptySample(at: string): ServiceMetricsSample {
  return {
    at,
    requestsPerSecond: null,
    eventsInPerSecond: null,
    eventsOutPerSecond: null,
    consumerLag: null,
    latencyP95Ms: null,
    errorRate: null,
    dlqTotal: null,
  };
}
