import type { Migration } from '@vigie/service-kit';

/**
 * When each asset last sent a feature window: `last_data_at` is the window's end on the plant clock (which the demo
 * runs up to 60× faster than wall time, so it is kept for reading, never for freshness); `last_seen_at` is the wall
 * clock time monitoring received it, which decides whether the asset counts as reporting. Both stay null for assets
 * known only through anomalies, predictions or work orders.
 */
export const assetDataSeenMigration: Migration = {
  id: '002_asset_data_seen',
  sql: `
    ALTER TABLE asset_state
      ADD COLUMN IF NOT EXISTS last_data_at timestamptz,
      ADD COLUMN IF NOT EXISTS last_seen_at timestamptz;
  `,
};
