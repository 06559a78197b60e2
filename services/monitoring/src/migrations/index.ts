import type { Migration } from '@vigie/service-kit';
import { monitoringMigration } from './001_monitoring';
import { assetDataSeenMigration } from './002_asset_data_seen';

/** Numbered migrations of the tables this service owns; never edit an applied one, add the next number. */
export const migrations: readonly Migration[] = [monitoringMigration, assetDataSeenMigration];
