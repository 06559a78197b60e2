import type { Migration } from '@vigie/service-kit';
import { workOrdersMigration } from './001_work_orders';
import { planningMigration } from './002_planning';
import { messagingMigration } from './003_messaging';
import { orchestrationRulesMigration } from './004_orchestration_rules';
import { planningSiteMigration } from './005_planning_site';
import { workOrderHistoryMigration } from './006_work_order_history';
import { onePredictiveOrderPerAssetMigration } from './007_one_predictive_order_per_asset';
import { technicianPersonalDataMigration } from './008_technician_personal_data';

/** Numbered migrations of the tables this service owns; never edit an applied one, add the next number. */
export const migrations: readonly Migration[] = [
  workOrdersMigration,
  planningMigration,
  messagingMigration,
  orchestrationRulesMigration,
  planningSiteMigration,
  workOrderHistoryMigration,
  onePredictiveOrderPerAssetMigration,
  technicianPersonalDataMigration,
];
