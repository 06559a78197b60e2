import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_PORT, SERVICES, type ServiceName } from '@vigie/contracts';
import { loadPreprocessingConfig, type PreprocessingConfig } from '@vigie/preprocessing';
import { kafkaTlsFromEnv, type KafkaTlsConfig } from '@vigie/service-kit';

export type Profile = 'embedded' | 'distributed';

/** Everything the launcher needs, read from the environment once (STYLE: adapters never read process.env). */
export interface PlatformSettings {
  profile: Profile;
  /** Interface services listen on. */
  host: string;
  /** Added to every default port (8081…8087, 3000, 4840), so a second platform or a test can run beside the first. */
  portOffset: number;
  /** Embedded state: PGlite cluster, bus logs, PKI, the generated data key (secrets/data-keys). */
  dataDir: string;
  /** VIGIE_DATA_KEYS (`id:base64,…`, first seals): encrypts secrets at rest; generated under dataDir when embedded, required when distributed. */
  dataKeys: string | null;
  kafkaBrokers: string[];
  /** TLS to Kafka (KAFKA_TLS_CA turns it on; KAFKA_TLS_CERT/KEY, KAFKA_TLS_SERVERNAME); null: plain text. */
  kafkaTls: KafkaTlsConfig | null;
  databaseUrl: string | null;
  /** Redis for the cache port (latest features); an in-process cache when not set. */
  redisUrl: string | null;
  /** A Feast feature server (`infra/feast/feast.sh start` prints it) for the feature store; the service's database when not set. */
  feastUrl: string | null;
  /** An MLflow tracking server (`infra/mlflow/mlflow.sh start` prints it) for the model registry; `<dataDir>/models` when not set. */
  mlflowUrl: string | null;
  /** Window policy and feature set per asset type (FEATURE_PROFILES_FILE); the shipped profiles when not set. */
  featureProfilesFile: string | null;
  /** The preprocessing pipeline's rules and limits (PREPROCESSING_CONFIG_FILE, PREPROCESSING_LATENESS_MS, …). */
  preprocessing: PreprocessingConfig;
  /** S3-compatible object storage (MinIO, Versity Gateway, AWS); a directory under dataDir when not set. */
  s3: { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string } | null;
  simulator: { enabled: boolean; accel: number; seed: number; port: number; host: string };
  featureWindowSeconds: number;
  anomalyBaselineWindows: number;
  monitoringPollMs: number;
  /**
   * VIGIE_AUTH: `embedded` (the default of the embedded profile: it runs its own OIDC issuer on port 8088+offset,
   * VIGIE_ISSUER_PORT, at VIGIE_ISSUER_URL, default http://localhost:<port>, and its services require its tokens) or
   * `off` (the explicit opt-out, warned about at start; the default of the distributed profile, whose services
   * authenticate against the issuer VIGIE_AUTH_ISSUER names). `clientsFile` (VIGIE_AUTH_CLIENTS_FILE, distributed):
   * a JSON file `{ "<service>": { "id": …, "secret": … } }` giving each service process its client credentials.
   */
  auth: {
    mode: 'off' | 'embedded';
    issuerPort: number;
    issuerUrl: string;
    clientsFile: string | null;
    /** VIGIE_AUTH_ISSUER: an external OIDC issuer (distributed profile) the services and the dashboard sign in with. */
    externalIssuer: string | null;
    /** The dashboard's public client at that issuer (VIGIE_DASHBOARD_CLIENT_ID, default `vigie-dashboard`). */
    dashboardClientId: string;
    /** Scopes the dashboard asks for there (VIGIE_DASHBOARD_SCOPE); the dashboard's own default when unset. */
    dashboardScope: string | null;
  };
}

/** Default port of the embedded OIDC issuer (plus the port offset). */
export const ISSUER_PORT = 8088;

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function loadSettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<PlatformSettings> = {}): PlatformSettings {
  const num = (v: string | undefined, d: number): number => {
    if (v === undefined || v === '') return d;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
    return n;
  };
  const offset = num(env.VIGIE_PORT_OFFSET, 0);
  const profile = overrides.profile ?? ((env.VIGIE_PROFILE ?? 'embedded') as Profile);
  if (profile !== 'embedded' && profile !== 'distributed') throw new Error(`VIGIE_PROFILE must be embedded or distributed, not ${profile}`);
  const authMode = env.VIGIE_AUTH?.trim() || (profile === 'embedded' ? 'embedded' : 'off');
  if (authMode !== 'off' && authMode !== 'embedded') throw new Error(`VIGIE_AUTH must be off or embedded, not ${authMode}`);
  const issuerPort = num(env.VIGIE_ISSUER_PORT, ISSUER_PORT + offset);
  return {
    profile,
    host: env.VIGIE_HOST ?? '0.0.0.0',
    portOffset: offset,
    dataDir: path.resolve(env.VIGIE_DATA_DIR ?? path.join(REPO_ROOT, '.vigie', 'data')),
    dataKeys: env.VIGIE_DATA_KEYS?.trim() || null,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '127.0.0.1:19092')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    kafkaTls: kafkaTlsFromEnv(env),
    databaseUrl: env.DATABASE_URL ?? null,
    redisUrl: env.REDIS_URL ?? null,
    feastUrl: env.FEAST_URL || null,
    mlflowUrl: env.MLFLOW_URL || null,
    featureProfilesFile: env.FEATURE_PROFILES_FILE || null,
    preprocessing: loadPreprocessingConfig(env),
    s3: env.S3_ENDPOINT
      ? {
          endpoint: env.S3_ENDPOINT,
          accessKeyId: env.S3_ACCESS_KEY ?? '',
          secretAccessKey: env.S3_SECRET_KEY ?? '',
          region: env.S3_REGION ?? 'us-east-1',
        }
      : null,
    simulator: {
      enabled: env.VIGIE_SIMULATOR !== 'false',
      accel: num(env.VIGIE_SIM_ACCEL, 60),
      seed: num(env.VIGIE_SIM_SEED, 42),
      port: num(env.VIGIE_SIM_PORT, 4840 + offset),
      host: env.VIGIE_SIM_HOST ?? '127.0.0.1',
    },
    featureWindowSeconds: num(env.FEATURE_WINDOW_SECONDS, 300),
    anomalyBaselineWindows: num(env.ANOMALY_BASELINE_WINDOWS, 6),
    monitoringPollMs: num(env.MONITORING_POLL_INTERVAL_MS, 3000),
    auth: {
      mode: authMode,
      issuerPort,
      issuerUrl: (env.VIGIE_ISSUER_URL?.trim() || `http://localhost:${issuerPort}`).replace(/\/+$/, ''),
      clientsFile: env.VIGIE_AUTH_CLIENTS_FILE?.trim() || null,
      externalIssuer: env.VIGIE_AUTH_ISSUER?.trim().replace(/\/+$/, '') || null,
      dashboardClientId: env.VIGIE_DASHBOARD_CLIENT_ID?.trim() || 'vigie-dashboard',
      dashboardScope: env.VIGIE_DASHBOARD_SCOPE?.trim() || null,
    },
    ...overrides,
  };
}

export function servicePort(s: PlatformSettings, name: ServiceName): number {
  return SERVICES[name].port + s.portOffset;
}

export function serviceUrl(s: PlatformSettings, name: ServiceName): string {
  return `http://127.0.0.1:${servicePort(s, name)}`;
}

export function dashboardPort(s: PlatformSettings): number {
  return DASHBOARD_PORT + s.portOffset;
}

/** PostgreSQL schema of a service: each owns its tables (ingestion and orchestrator both have `assets`). */
export function schemaOf(name: ServiceName): string {
  return name.replace(/-/g, '_');
}

/**
 * What the distributed profile's dashboard signs in with: the external issuer (VIGIE_AUTH_ISSUER), the dashboard's
 * client there and its scopes; undefined (no sign-in) when no issuer is named. Register the client at the provider as
 * public, authorization code + PKCE, redirect `<dashboard origin>/auth/callback`, web origin the dashboard's.
 */
export function externalDashboardAuth(s: PlatformSettings): { issuer: string; clientId: string; scope?: string } | undefined {
  const { externalIssuer, dashboardClientId, dashboardScope } = s.auth;
  if (externalIssuer === null) return undefined;
  return { issuer: externalIssuer, clientId: dashboardClientId, ...(dashboardScope ? { scope: dashboardScope } : {}) };
}
