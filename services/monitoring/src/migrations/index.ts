import type { Migration } from '@vigie/service-kit';
import { monitoringMigration } from './001_monitoring';
import { assetDataSeenMigration } from './002_asset_data_seen';
import { alertEventsMigration } from './003_alert_events';

/** Numbered migrations of the tables this service owns; never edit an applied one, add the next number. */
export const migrations: readonly Migration[] = [monitoringMigration, assetDataSeenMigration, alertEventsMigration];
