import { readFileSync } from 'node:fs';
import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';
import { tokenProviderFromEnv, type ClientCredentials } from '@vigie/service-kit';
import type { PlatformSettings } from './settings';

/**
 * The distributed profile's client credentials per service: VIGIE_AUTH_CLIENTS_FILE names a JSON file
 * `{ "<service>": { "id": "<client id>", "secret": "<client secret>" }, … }` (clients registered at the OIDC provider,
 * client_credentials grant, giving the `service` role). Each service process reads its own entry, used as its
 * VIGIE_AUTH_CLIENT_ID/VIGIE_AUTH_CLIENT_SECRET (service-kit clients/client-credentials.ts). A file rather than one
 * variable pair per service: the supervisor starts every service from one environment, and the secrets stay out of
 * the environment its children inherit (and out of /proc/<pid>/environ).
 */
export type ServiceClients = Partial<Record<ServiceName, { id: string; secret: string }>>;

export function readServiceClients(file: string): ServiceClients {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`VIGIE_AUTH_CLIENTS_FILE ${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`VIGIE_AUTH_CLIENTS_FILE ${file} must hold an object { "<service>": { "id", "secret" } }`);
  const out: ServiceClients = {};
  for (const [service, entry] of Object.entries(raw)) {
    if (!SERVICE_NAMES.includes(service as ServiceName))
      throw new Error(`VIGIE_AUTH_CLIENTS_FILE ${file}: unknown service ${service}; one of ${SERVICE_NAMES.join(', ')}`);
    const e = entry as { id?: unknown; secret?: unknown } | null;
    if (typeof e?.id !== 'string' || e.id === '' || typeof e.secret !== 'string' || e.secret === '')
      throw new Error(`VIGIE_AUTH_CLIENTS_FILE ${file}: ${service} needs a non-empty "id" and "secret"`);
    out[service as ServiceName] = { id: e.id, secret: e.secret };
  }
  return out;
}

/** The environment entries giving `service` its client credentials from the file; none without a file or an entry. */
export function serviceClientEnv(s: PlatformSettings, service: ServiceName): Record<string, string> {
  if (!s.auth.clientsFile) return {};
  const client = readServiceClients(s.auth.clientsFile)[service];
  return client ? { VIGIE_AUTH_CLIENT_ID: client.id, VIGIE_AUTH_CLIENT_SECRET: client.secret } : {};
}

/**
 * A distributed service's token provider: its entry of VIGIE_AUTH_CLIENTS_FILE over VIGIE_AUTH_CLIENT_ID/SECRET of
 * `env`, with the token endpoint of `env` (VIGIE_AUTH_TOKEN_URL, else discovery on VIGIE_AUTH_ISSUER); null when
 * neither gives it client credentials (service-kit then warns at start, if authentication is on).
 */
export function serviceTokenProvider(s: PlatformSettings, service: ServiceName, env: NodeJS.ProcessEnv): ClientCredentials | null {
  return tokenProviderFromEnv({ ...env, ...serviceClientEnv(s, service) });
}
