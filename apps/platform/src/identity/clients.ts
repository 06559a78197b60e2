import { SERVICE_NAMES, type ServiceName } from '@vigie/contracts';

/**
 * The issuer's clients. `vigie-dashboard`: public (no secret), authorization code with PKCE S256, refresh tokens bound
 * to the sign-in session. One confidential client per service (`vigie-<service>`) for service-to-service calls:
 * client_credentials only, scope `vigie.service`, its secret generated at first run and stored sealed.
 */
export const DASHBOARD_CLIENT_ID = 'vigie-dashboard';
/** The resource indicator (RFC 8707: an absolute URI) of the Vigie REST API and WebSocket, the default resource. */
export const API_RESOURCE = 'urn:vigie:api';
/** The `aud` of every access token (services check it with VIGIE_AUTH_AUDIENCE=vigie-api). */
export const API_AUDIENCE = 'vigie-api';
/** Scope of users' access tokens (the dashboard). */
export const USER_API_SCOPE = 'vigie.api';
/** Scope of service clients' access tokens. */
export const SERVICE_SCOPE = 'vigie.service';
/** Role carried by service clients' access tokens (no user role applies to them). */
export const SERVICE_ROLE = 'service';

/**
 * Roles of a client_credentials token. `vigie-platform` is the embedded launcher itself — the one process that holds
 * every service, the database and the data keys — used for one thing: starting the ingestion sources at boot (an admin
 * action), so it is `service` and `admin`. Every per-service client is `service` only; the services call each other
 * with their own client's token (service-kit clients/client-credentials.ts).
 */
export function clientRoles(clientId: string): string[] {
  return clientId === serviceClientId('platform') ? [SERVICE_ROLE, 'admin'] : [SERVICE_ROLE];
}

/** A confidential client's owner: a service, or `platform` — the embedded launcher (see `clientRoles`). */
export type ClientOwner = ServiceName | 'platform';
export const CLIENT_OWNERS: readonly ClientOwner[] = [...SERVICE_NAMES, 'platform'];

export function serviceClientId(owner: ClientOwner): string {
  return `vigie-${owner}`;
}

export function isServiceClient(clientId: string): boolean {
  return CLIENT_OWNERS.some((s) => serviceClientId(s) === clientId);
}

/** First-party clients get consent without asking. */
export function isFirstParty(clientId: string): boolean {
  return clientId === DASHBOARD_CLIENT_ID || isServiceClient(clientId);
}

export function dashboardClient(origins: readonly string[]): Record<string, unknown> {
  return {
    client_id: DASHBOARD_CLIENT_ID,
    client_name: 'Vigie Dashboard-Usine',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: origins.map((o) => `${o}/auth/callback`),
    post_logout_redirect_uris: origins.map((o) => `${o}/`),
    scope: 'openid profile offline_access',
    id_token_signed_response_alg: 'ES256',
  };
}

export function serviceClient(service: ClientOwner, secret: string): Record<string, unknown> {
  return {
    client_id: serviceClientId(service),
    client_secret: secret,
    client_name: `Vigie ${service}`,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    id_token_signed_response_alg: 'ES256',
  };
}
