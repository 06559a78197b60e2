import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgliteDatabase, runMigrations } from '@vigie/service-kit';
import { migrations } from '../src/migrations';

/**
 * Migration 007 on a database that migration 001's index let hold an anomaly order and a RUL order open on one asset:
 * the younger is cancelled (reason naming the kept one, audited) so that one open predictive order per asset holds.
 */
let db: PgliteDatabase;
beforeEach(async () => {
  db = await PgliteDatabase.open();
});
afterEach(async () => {
  await db.close();
});

const SERVICE = 'maintenance-orchestrator';
const insert = (id: string, assetId: string, cause: string, createdAt: string, status = 'requested') =>
  db.query(`INSERT INTO work_orders (id, asset_id, cause, title, priority, status, created_at) VALUES ($1, $2, $3, 't', 'P2', $4, $5)`, [
    id,
    assetId,
    cause,
    status,
    createdAt,
  ]);

describe('migration 007: one open predictive order per asset', () => {
  it('cancels the younger of two open predictive orders of an asset, keeps the rest, then refuses a second one', async () => {
    const before = migrations.findIndex((m) => m.id === '007_one_predictive_order_per_asset');
    expect(before).toBeGreaterThan(0);
    await runMigrations(db, SERVICE, migrations.slice(0, before));
    const ids = Array.from({ length: 5 }, () => crypto.randomUUID());
    await insert(ids[0]!, 'P-101', 'anomaly', '2030-01-01T00:00:00Z');
    await insert(ids[1]!, 'P-101', 'rul', '2030-01-01T01:00:00Z');
    await insert(ids[2]!, 'P-101', 'manual', '2030-01-01T02:00:00Z');
    await insert(ids[3]!, 'P-102', 'rul', '2030-01-01T00:00:00Z');
    await insert(ids[4]!, 'P-102', 'anomaly', '2029-12-01T00:00:00Z', 'done');

    expect(await runMigrations(db, SERVICE, migrations.slice(0, before + 1))).toEqual(['007_one_predictive_order_per_asset']);

    const { rows } = await db.query<{ id: string; status: string; cancel_reason: string | null }>(
      'SELECT id, status, cancel_reason FROM work_orders ORDER BY created_at',
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0]!)).toMatchObject({ status: 'requested', cancel_reason: null });
    expect(byId.get(ids[1]!)).toMatchObject({ status: 'cancelled', cancel_reason: `merged into predictive order ${ids[0]}` });
    expect(byId.get(ids[2]!)).toMatchObject({ status: 'requested' });
    expect(byId.get(ids[3]!)).toMatchObject({ status: 'requested' });
    expect(byId.get(ids[4]!)).toMatchObject({ status: 'done' });
    const audit = await db.query<{ work_order_id: string; actor: string; what: string; to_value: unknown }>(
      'SELECT work_order_id, actor, what, to_value FROM work_order_audit',
    );
    expect(audit.rows).toEqual([{ work_order_id: ids[1], actor: 'system:migration', what: 'status', to_value: 'cancelled' }]);
    await expect(insert(crypto.randomUUID(), 'P-102', 'anomaly', '2030-01-02T00:00:00Z')).rejects.toThrow(
      /work_orders_one_open_predictive_per_asset|unique/i,
    );
    await insert(crypto.randomUUID(), 'P-102', 'manual', '2030-01-02T00:00:00Z');
  });
});
