/**
 * The site of a work order (its asset's plant): the planner only gives an order to technicians of that site. Null on
 * older orders and when unknown: any site may serve it. Required skills and estimated duration come from 004.
 */
export const planningSiteMigration = {
  id: '005_planning_site',
  sql: `
    ALTER TABLE work_orders ADD COLUMN IF NOT EXISTS site text;
  `,
} as const;
