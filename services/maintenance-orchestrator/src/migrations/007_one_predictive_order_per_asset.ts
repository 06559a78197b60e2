/**
 * One open predictive order per ASSET (issue 7): an anomaly and a RUL prediction of one degrading asset are evidence
 * of one problem, so they share one order (use-cases/apply-signal.ts merges the second signal into the first order).
 * The unique index of 001, per asset and cause, becomes one per asset over both predictive causes; manual orders stay
 * outside it. Orders opened before this migration may hold two open predictive orders on one asset: the younger is
 * cancelled (`cancel_reason` names the kept order, audited as `system:migration`) so the index can be built; its
 * evidence stays on it, readable in the API.
 */
export const onePredictiveOrderPerAssetMigration = {
  id: '007_one_predictive_order_per_asset',
  sql: `
    CREATE TEMP TABLE merged_predictive ON COMMIT DROP AS
      SELECT id, first_value(id) OVER w AS kept, row_number() OVER w AS n
        FROM work_orders
       WHERE status NOT IN ('done', 'cancelled') AND cause <> 'manual'
      WINDOW w AS (PARTITION BY asset_id ORDER BY created_at, id);

    INSERT INTO work_order_audit (work_order_id, actor, what, from_value, to_value)
      SELECT w.id, 'system:migration', 'status', to_jsonb(w.status), to_jsonb('cancelled'::text)
        FROM work_orders w JOIN merged_predictive m ON m.id = w.id WHERE m.n > 1;

    UPDATE work_orders w
       SET status = 'cancelled', cancel_reason = 'merged into predictive order ' || m.kept, updated_at = now()
      FROM merged_predictive m
     WHERE m.id = w.id AND m.n > 1;

    DROP INDEX IF EXISTS work_orders_one_open_predictive;
    CREATE UNIQUE INDEX IF NOT EXISTS work_orders_one_open_predictive_per_asset
      ON work_orders (asset_id)
      WHERE status NOT IN ('done', 'cancelled') AND cause <> 'manual';
  `,
} as const;
