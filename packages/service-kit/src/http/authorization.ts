import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  decideAccess,
  ERROR_CODES,
  ROUTE_PERMISSIONS,
  routePermission,
  type GrantScope,
  type RoutePermission,
  type RoutePermissionTable,
} from '@vigie/contracts';
import { AppError } from '../errors';
import { isGuarded, type AuthClaims } from './auth';

/**
 * Role-based access control (issue 9) on top of http/auth.ts: every guarded route (`/api/v1/*`, `/ws/*`) needs the
 * permission its entry in @vigie/contracts ROUTE_PERMISSIONS names, granted by one of the token's `roles`; a route
 * without an entry stops the service at start, so the matrix is complete by construction. Technicians' grants reach
 * only their assignments: handlers of `ownAssignments` routes narrow with the helpers below.
 */
export interface Authorization {
  readonly permission: RoutePermission['permission'];
  /** `own`: the caller may only see and act on the work orders assigned to them. */
  readonly scope: GrantScope;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the route's permission is granted, when authentication is on; undefined otherwise. */
    authorization?: Authorization;
  }
}

/** The claim naming the technician a token belongs to; the token's `sub` when absent. */
export const TECHNICIAN_ID_CLAIM = 'technician_id';

/**
 * Installs the check after the authentication hook (same `onRequest` phase, so a refused token never gets this far).
 * `open`: the exact paths left public by auth (health). Fails `app.ready()` listing every unmapped guarded route.
 * `table`: the matrix, ROUTE_PERMISSIONS but in service-kit's own tests.
 */
export function installAuthorization(
  app: FastifyInstance,
  open: ReadonlySet<string>,
  table: RoutePermissionTable = ROUTE_PERMISSIONS,
): void {
  const unmapped: string[] = [];
  app.addHook('onRoute', (route) => {
    if (isGuarded(route.url) === null || open.has(route.url)) return;
    for (const method of [route.method].flat()) {
      if (!routePermission(method, route.url, table)) unmapped.push(`${method} ${route.url}`);
    }
  });
  app.addHook('onReady', async () => {
    if (unmapped.length > 0) {
      throw new Error(
        `routes without an entry in the permission matrix (packages/contracts/src/security/permissions.ts ROUTE_PERMISSIONS): ${unmapped.join(', ')}`,
      );
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    // No token checked (open path, CORS preflight) or no route matched (the 404 handler answers).
    if (request.auth === undefined || url === undefined) return;
    const entry = routePermission(request.method, url, table);
    const decision = entry
      ? decideAccess(request.auth.roles, entry)
      : ({ allowed: false, permission: 'unmapped', reason: 'not-granted' } as const);
    if (decision.allowed) {
      request.authorization = { permission: decision.permission, scope: decision.scope };
      return;
    }
    const message =
      decision.reason === 'own-only'
        ? `${decision.permission} reaches only your own assignments, and ${request.method} ${url} is not narrowed to them`
        : `${request.method} ${url} needs the permission ${decision.permission}`;
    return reply.code(403).send({
      error: {
        code: 'AUTH_FORBIDDEN',
        message: `${ERROR_CODES.AUTH_FORBIDDEN.message}: ${message}`,
        details: { permission: decision.permission, roles: request.auth.roles },
        traceId: request.id,
      },
    });
  });
}

/** True when the caller's grant for this route reaches only the work orders assigned to them (technicians). */
export function isRestrictedToOwnAssignments(request: FastifyRequest): boolean {
  return request.authorization?.scope === 'own';
}

/** Who the caller is as a technician: the `technician_id` claim, else the token's `sub`; null without a token. */
export function technicianIdOf(request: FastifyRequest): string | null {
  const auth = request.auth;
  if (!auth) return null;
  const claim = auth.claims[TECHNICIAN_ID_CLAIM];
  return typeof claim === 'string' && claim !== '' ? claim : auth.sub;
}

/**
 * The signed-in person behind a request, for audit trails: `preferred_username`, else `name`, else `sub` of the
 * verified token (an external provider's `sub` is often an opaque id). Null without a token (auth off) and for
 * service clients (role `service`), which act for a rule or a job and may name it themselves.
 */
export function actingUserOf(request: { readonly auth?: AuthClaims | undefined }): string | null {
  const auth = request.auth;
  if (!auth || auth.roles.includes('service')) return null;
  for (const claim of ['preferred_username', 'name'] as const) {
    const value = auth.claims[claim];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 100);
  }
  return auth.sub.slice(0, 100);
}

/** For a restricted caller, throws 403 AUTH_NOT_ASSIGNED unless the order is assigned to them; a no-op otherwise. */
export function assertOwnAssignment(request: FastifyRequest, assignedTo: string | null | undefined): void {
  if (!isRestrictedToOwnAssignments(request)) return;
  const me = technicianIdOf(request);
  if (me === null || assignedTo !== me) throw new AppError('AUTH_NOT_ASSIGNED', undefined, { technicianId: me });
}
