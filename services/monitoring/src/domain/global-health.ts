import type { ServiceStatus } from '@vigie/contracts';

export type GlobalStatus = 'UP' | 'DEGRADED' | 'DOWN';

/**
 * UP when every service answers UP, DOWN when none does, DEGRADED otherwise. A service never checked yet
 * (UNKNOWN) counts as not UP, so a platform is not called healthy before it was looked at.
 */
export function globalStatus(services: readonly Pick<ServiceStatus, 'status'>[]): GlobalStatus {
  const up = services.filter((s) => s.status === 'UP').length;
  if (services.length > 0 && up === services.length) return 'UP';
  if (up === 0) return 'DOWN';
  return 'DEGRADED';
}

