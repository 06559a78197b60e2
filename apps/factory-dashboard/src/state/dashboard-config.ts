/** Served as /config.json by the platform's dashboard server, so one build runs against any deployment. */
export interface DashboardConfig {
  readonly monitoringUrl: string;
  readonly wsUrl: string;
}

/**
 * Checks the shape of /config.json by hand: zod reaches the dashboard only through @vigie/contracts, so importing it
 * here would be an undeclared dependency, and two string fields are easy to check. Returns null when unusable.
 */
export function parseDashboardConfig(raw: unknown): DashboardConfig | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { monitoringUrl, wsUrl } = raw as Record<string, unknown>;
  if (typeof monitoringUrl !== 'string' || typeof wsUrl !== 'string') return null;
  if (!/^wss?:\/\//.test(wsUrl)) return null;
  return { monitoringUrl, wsUrl };
}
