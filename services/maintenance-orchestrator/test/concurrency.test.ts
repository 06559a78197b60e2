import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Transaction } from '@vigie/service-kit';
import { parseConfig } from '../src/config';
import { RuleBook } from '../src/use-cases/rule-book';
import { applyAnomaly } from '../src/use-cases/apply-anomaly';
import type { UseCaseDeps } from '../src/use-cases/deps';
import { anomaly, NOW, startHarness, workOrderEvents, type Harness } from './support';

let h: Harness;
let deps: UseCaseDeps;
beforeEach(async () => {
  h = await startHarness();
  deps = { db: h.db, relay: h.service.relay, config: parseConfig(), rules: new RuleBook(), clock: () => NOW };
});
afterEach(async () => {
  await h.close();
});

const openAnomalyOrders = async (db: Database = h.db) =>
  (await db.query<{ id: string; priority: string }>("SELECT id, priority FROM work_orders WHERE cause = 'anomaly' AND status NOT IN ('done', 'cancelled')")).rows;

/** Hides the open order from the first locking read, as a transaction racing a concurrent insert would see it. */
function staleFirstRead(db: Database): Database {
  let hidden = false;
  const wrap = (tx: Transaction): Transaction => ({
    exec: (sql) => tx.exec(sql),
    query: async (sql, params) => {
      const res = await tx.query(sql, params);
      if (!hidden && /FROM work_orders WHERE asset_id = \$1 AND status NOT IN/.test(sql)) {
        hidden = true;
        return { rows: [], rowCount: 0 };
      }
      return res as never; // the wrapped result has the caller's row type already
    },
  });
  return Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: (tx: Transaction) => Promise<T>) => db.transaction((tx) => fn(wrap(tx))),
  });
}

describe('one open predictive order per asset', () => {
  it('concurrent events on one asset make one order, escalated to the most urgent', async () => {
    const events = (['medium', 'high', 'critical', 'medium', 'high', 'medium', 'low', 'critical'] as const).map((criticality) =>
      anomaly({ criticality, assetId: 'robot-4' }),
    );
    const outcomes = await Promise.all(events.map((e) => applyAnomaly(deps, e)));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    const open = await openAnomalyOrders();
    expect(open).toHaveLength(1);
    expect(open[0]?.priority).toBe('P1');
    await h.service.relay.runOnce();
    // Escalations committed while the saga opening the order runs are carried by its 'created' event (step 4) rather
    // than published before it: the first event is the creation, the last one carries the final priority.
    const published = workOrderEvents(h.bus);
    expect(published.filter((e) => e.data.change === 'created')).toHaveLength(1);
    expect(published[0]?.data.change).toBe('created');
    expect(published.at(-1)?.data.workOrder.priority).toBe('P1');
    expect(published.length).toBeLessThanOrEqual(events.length);
    const { rows } = await h.db.query<{ what: string }>("SELECT what FROM work_order_audit WHERE what = 'evidence'");
    expect(rows).toHaveLength(events.length);
  });

  it('an insert that loses the race escalates the winner instead of failing', async () => {
    expect(await applyAnomaly(deps, anomaly({ criticality: 'medium' }))).toBe('created');
    const outcome = await applyAnomaly({ ...deps, db: staleFirstRead(h.db) }, anomaly({ criticality: 'critical' }));
    expect(outcome).toBe('escalated');
    const open = await openAnomalyOrders();
    expect(open).toHaveLength(1);
    expect(open[0]?.priority).toBe('P1');
  });

  it.each(['anomaly', 'rul'])('the database itself refuses a second open predictive order on an asset (%s)', async (cause) => {
    await applyAnomaly(deps, anomaly({ assetId: 'robot-5' }));
    const insert = () =>
      h.db.query(
        `INSERT INTO work_orders (id, asset_id, cause, title, priority, status) VALUES ($1, 'robot-5', $2, 'dup', 'P3', 'approved')`,
        [crypto.randomUUID(), cause],
      );
    await expect(insert()).rejects.toThrow(/work_orders_one_open_predictive_per_asset|unique/i);
    // A manual order is outside the rule.
    await h.db.query(
      `INSERT INTO work_orders (id, asset_id, cause, title, priority, status) VALUES ($1, 'robot-5', 'manual', 'manual', 'P3', 'approved')`,
      [crypto.randomUUID()],
    );
  });

  it('replaying an event concurrently still applies it once', async () => {
    const e = anomaly({ criticality: 'high' });
    const outcomes = await Promise.all([applyAnomaly(deps, e), applyAnomaly(deps, e), applyAnomaly(deps, e)]);
    expect(outcomes.sort()).toEqual(['created', 'duplicate', 'duplicate']);
    const { rows } = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    expect(rows[0]?.n).toBe(1);
  });
});
