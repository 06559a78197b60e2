import type { Queryable } from '@vigie/service-kit';

/**
 * Claims an event id for this transaction. False when it was already processed: the caller must change nothing.
 * Under PostgreSQL a concurrent claim of the same id waits for the first transaction and then sees the row.
 */
export async function claimEvent(q: Queryable, eventId: string): Promise<boolean> {
  const { rowCount } = await q.query('INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [eventId]);
  return rowCount === 1;
}

/** Releases a claim, so a redelivery of the event is processed again (its effects were compensated). */
export async function releaseEvent(q: Queryable, eventId: string): Promise<void> {
  await q.query('DELETE FROM processed_events WHERE event_id = $1', [eventId]);
}

/** Records an asset id seen in an event (first_seen kept, last_event_at moved forward only). */
export async function touchAsset(q: Queryable, assetId: string, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO assets (asset_id, first_seen, last_event_at) VALUES ($1, $2, $2)
     ON CONFLICT (asset_id) DO UPDATE SET last_event_at = GREATEST(assets.last_event_at, EXCLUDED.last_event_at)`,
    [assetId, at],
  );
}
