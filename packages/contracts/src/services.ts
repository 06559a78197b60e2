/** The seed's services, their default ports and REST prefixes. */
export const SERVICES = {
  'ingestion-iiot': { port: 8081, prefix: '/api/v1/ingestion' },
  preprocessing: { port: 8082, prefix: '/api/v1/preprocessing' },
  'feature-extraction': { port: 8083, prefix: '/api/v1/features' },
  'anomaly-detection': { port: 8084, prefix: '/api/v1/anomalies' },
  'rul-prediction': { port: 8085, prefix: '/api/v1/rul' },
  monitoring: { port: 8086, prefix: '/api/v1/monitoring' },
  'maintenance-orchestrator': { port: 8087, prefix: '/api/v1' },
} as const;
export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];
export const DASHBOARD_PORT = 3000;
