import { SERVICES, type ServiceName } from '@vigie/contracts';

/**
 * Which service owns an /api/v1 path (seed §5.3: the browser talks to monitoring alone, which forwards). Longest
 * prefix first; the orchestrator's prefix is all of /api/v1, so it owns every path no other service claims.
 */
export interface GatewayRoute {
  readonly prefix: string;
  readonly service: ServiceName;
}

const ORCHESTRATOR_PREFIXES = ['/api/v1/work-orders', '/api/v1/interventions', '/api/v1/planning', '/api/v1/rules', '/api/v1/technicians'];

export const GATEWAY_ROUTES: readonly GatewayRoute[] = [
  { prefix: SERVICES.monitoring.prefix, service: 'monitoring' },
  { prefix: SERVICES['ingestion-iiot'].prefix, service: 'ingestion-iiot' },
  { prefix: SERVICES.preprocessing.prefix, service: 'preprocessing' },
  { prefix: SERVICES['feature-extraction'].prefix, service: 'feature-extraction' },
  { prefix: SERVICES['anomaly-detection'].prefix, service: 'anomaly-detection' },
  { prefix: SERVICES['rul-prediction'].prefix, service: 'rul-prediction' },
  ...ORCHESTRATOR_PREFIXES.map((prefix) => ({ prefix, service: 'maintenance-orchestrator' as const })),
  // Any other /api/v1 path: the orchestrator's prefix is /api/v1 itself.
  { prefix: SERVICES['maintenance-orchestrator'].prefix, service: 'maintenance-orchestrator' },
];

/** The largest body each owner accepts (createService's 1 MiB default; rul-prediction takes 32 MiB training files). */
export const DEFAULT_BODY_LIMIT = 1_048_576;
export const GATEWAY_BODY_LIMITS: Partial<Record<ServiceName, number>> = { 'rul-prediction': 32 * 1024 * 1024 };
export const MAX_GATEWAY_BODY = Math.max(DEFAULT_BODY_LIMIT, ...Object.values(GATEWAY_BODY_LIMITS));

const matches = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

/** The owner of `path` (a normalised pathname, no query), or null when it is not under /api/v1. */
export function ownerOf(path: string): ServiceName | null {
  let best: GatewayRoute | null = null;
  for (const r of GATEWAY_ROUTES) if (matches(path, r.prefix) && (best === null || r.prefix.length > best.prefix.length)) best = r;
  return best?.service ?? null;
}
