import type { Queryable } from '@vigie/service-kit';
import type { TopicCount } from '../domain/topic-counters';

const EVENTS = 'monitoring_events_total';
const LAST_EVENT = 'monitoring_last_event_at_ms';

/** Per-topic counters as rows of `system_metrics` (name, labels {topic}, value), one sample per flush. */
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
}
