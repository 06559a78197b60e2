/**
 * The RBAC matrix (issue 9), the one place that says who may call what: the roles, the permissions (named
 * capabilities), what each role is granted, and the permission every REST route and WebSocket needs. service-kit
 * enforces it (http/authorization.ts) and refuses to start a service with a route missing here; docs/security.md is
 * rendered from it (permission-doc.ts) and a test fails when the page is stale.
 */

/** Human roles, as the identity provider puts them in the token's `roles` claim. */
export const USER_ROLES = ['viewer', 'operator', 'technician', 'planner', 'data-scientist', 'admin'] as const;
/** Every role: the human ones and `service`, carried by service-to-service tokens (client credentials). */
export const ROLES = [...USER_ROLES, 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Each permission with what it allows, in the order of the documentation. */
export const PERMISSIONS = {
  'plant:read': 'Assets, sensor readings, the raw archive list, features, anomalies and RUL predictions',
  'monitoring:read': 'Platform views: service status, metrics, alerts, the asset board and the live WebSocket',
  'workorders:read': 'Work orders, their comments and audit trail',
  'workorders:create': 'Create a manual (corrective) work order',
  'workorders:write': 'Update a work order: status transitions, priority, assignment, due date',
  'workorders:comment': 'Comment on a work order',
  'interventions:write': 'Schedule an intervention on a work order',
  'planning:read': 'The latest maintenance plan',
  'planning:optimize': 'Run the planning optimiser (stores and publishes a plan)',
  'technicians:read': 'Technicians with their skills and shifts (staff data)',
  'rules:read': 'The orchestration rules and their versions',
  'rules:write': 'Replace the orchestration rules',
  'models:read': 'Models, training jobs and their state',
  'models:train': 'Import training data, queue and cancel training jobs',
  'analysis:run': 'Run a stage (preprocessing, features, anomaly scoring, RUL) on posted data, storing nothing',
  'sources:read': 'Configured data sources (OT endpoints)',
  'sources:write': 'Add and remove data sources (with their credentials)',
  'ingestion:control': 'Start and stop ingestion',
} as const;
export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/**
 * How far a grant reaches. `own`: only the work orders assigned to the caller (technicians); a route honours it only
 * when its entry says `ownAssignments` (its handler narrows to the caller's orders), elsewhere it does not count.
 */
export type GrantScope = 'all' | 'own';
export type RoleGrants = Readonly<Partial<Record<Permission, GrantScope>>>;

const all = (...permissions: Permission[]): RoleGrants => Object.fromEntries(permissions.map((p) => [p, 'all' as const]));

/** Reads everything but staff data and OT sources. */
const VIEWER = all('plant:read', 'monitoring:read', 'workorders:read', 'planning:read', 'rules:read', 'models:read');

export const ROLE_GRANTS: Readonly<Record<Role, RoleGrants>> = {
  viewer: VIEWER,
  /** Runs the plant: raises corrective orders and comments (acknowledges) on any order. */
  operator: { ...VIEWER, ...all('workorders:create', 'workorders:comment') },
  /** Sees the plant, and sees, transitions and comments only the work orders assigned to them. */
  technician: { 'plant:read': 'all', 'workorders:read': 'own', 'workorders:write': 'own', 'workorders:comment': 'own' },
  planner: {
    ...VIEWER,
    ...all('workorders:create', 'workorders:write', 'workorders:comment', 'interventions:write', 'planning:optimize', 'technicians:read'),
  },
  'data-scientist': { ...VIEWER, ...all('models:train', 'analysis:run') },
  admin: all(...PERMISSION_NAMES),
  /** Service clients: what the services fetch from each other (the asset registry, stored features). */
  service: all('plant:read'),
};

/** Any authenticated caller: monitoring's gateway, which forwards the caller's token to the owner, which checks. */
export const AUTHENTICATED = 'authenticated' as const;

export interface RoutePermission {
  readonly permission: Permission | typeof AUTHENTICATED;
  /** The handler narrows to the caller's assignments, so an `own` grant suffices (service-kit assertOwnAssignment). */
  readonly ownAssignments?: true;
}

const need = (permission: Permission | typeof AUTHENTICATED): RoutePermission => ({ permission });
const needOwn = (permission: Permission): RoutePermission => ({ permission, ownAssignments: true });

/**
 * `METHOD /url` as Fastify registers it → what the route needs. HEAD follows its GET; `*` matches any method. The
 * services' own health routes (`/api/v1/<service>/health`, monitoring's platform health) stay open and are not listed.
 */
export const ROUTE_PERMISSIONS: RoutePermissionTable = {
  // ingestion-iiot
  'POST /api/v1/ingestion/start': need('ingestion:control'),
  'POST /api/v1/ingestion/stop': need('ingestion:control'),
  'GET /api/v1/ingestion/sources': need('sources:read'),
  'POST /api/v1/ingestion/sources': need('sources:write'),
  'DELETE /api/v1/ingestion/sources/:id': need('sources:write'),
  'GET /api/v1/ingestion/archive': need('plant:read'),
  'GET /api/v1/ingestion/assets': need('plant:read'),
  'GET /api/v1/ingestion/assets/:asset_id/readings': need('plant:read'),
  // preprocessing
  'POST /api/v1/preprocessing/process': need('analysis:run'),
  'GET /api/v1/preprocessing/stats': need('monitoring:read'),
  // feature-extraction
  'GET /api/v1/features/definitions': need('plant:read'),
  'GET /api/v1/features/:asset_id/latest': need('plant:read'),
  'GET /api/v1/features/:asset_id': need('plant:read'),
  'POST /api/v1/features/extract': need('analysis:run'),
  // anomaly-detection
  'POST /api/v1/anomalies/detect': need('analysis:run'),
  'GET /api/v1/anomalies/:asset_id': need('plant:read'),
  'GET /api/v1/anomalies/:asset_id/thresholds': need('plant:read'),
  'POST /api/v1/anomalies/train': need('models:train'),
  'GET /api/v1/anomalies/jobs': need('models:read'),
  'GET /api/v1/anomalies/jobs/:id': need('models:read'),
  'POST /api/v1/anomalies/jobs/:id/cancel': need('models:train'),
  // rul-prediction
  'POST /api/v1/rul/predict': need('analysis:run'),
  'GET /api/v1/rul/models': need('models:read'),
  'GET /api/v1/rul/:asset_id': need('plant:read'),
  'POST /api/v1/rul/training-data': need('models:train'),
  'POST /api/v1/rul/train': need('models:train'),
  'GET /api/v1/rul/jobs': need('models:read'),
  'GET /api/v1/rul/jobs/:id': need('models:read'),
  'POST /api/v1/rul/jobs/:id/cancel': need('models:train'),
  // monitoring
  'GET /api/v1/monitoring/metrics': need('monitoring:read'),
  'GET /api/v1/monitoring/alerts': need('monitoring:read'),
  'GET /api/v1/monitoring/services': need('monitoring:read'),
  'GET /api/v1/monitoring/assets': need('monitoring:read'),
  // Every open order of the plant, unfiltered: a technician's `own` grant does not reach it.
  'GET /api/v1/monitoring/work-orders': need('workorders:read'),
  'GET /ws/monitoring': need('monitoring:read'),
  '* /api/v1/*': need(AUTHENTICATED),
  // maintenance-orchestrator
  'GET /api/v1/work-orders': needOwn('workorders:read'),
  'POST /api/v1/work-orders': need('workorders:create'),
  'GET /api/v1/work-orders/:id': needOwn('workorders:read'),
  'PUT /api/v1/work-orders/:id': needOwn('workorders:write'),
  'POST /api/v1/work-orders/:id/comments': needOwn('workorders:comment'),
  'GET /api/v1/work-orders/:id/audit': needOwn('workorders:read'),
  'POST /api/v1/interventions': need('interventions:write'),
  'GET /api/v1/planning/optimize': need('planning:optimize'),
  'GET /api/v1/planning/plans/latest': need('planning:read'),
  'GET /api/v1/technicians': need('technicians:read'),
  'GET /api/v1/rules': need('rules:read'),
  'PUT /api/v1/rules': need('rules:write'),
  'GET /api/v1/rules/versions': need('rules:read'),
};

export type RoutePermissionTable = Readonly<Record<string, RoutePermission>>;

/** The entry of a route as Fastify registered it (`url` is the pattern, e.g. `/api/v1/work-orders/:id`). */
export function routePermission(method: string, url: string, table: RoutePermissionTable = ROUTE_PERMISSIONS): RoutePermission | undefined {
  const m = method.toUpperCase();
  return table[`${m} ${url}`] ?? (m === 'HEAD' ? table[`GET ${url}`] : undefined) ?? table[`* ${url}`];
}

/** The widest scope the roles grant for a permission (`all` beats `own`); null when none grants it. Unknown roles count for nothing. */
export function grantedScope(roles: readonly string[], permission: Permission): GrantScope | null {
  let best: GrantScope | null = null;
  for (const role of roles) {
    const scope = (ROLE_GRANTS as Readonly<Record<string, RoleGrants>>)[role]?.[permission];
    if (scope === 'all') return 'all';
    if (scope === 'own') best = 'own';
  }
  return best;
}

export type AccessDecision =
  | { readonly allowed: true; readonly permission: RoutePermission['permission']; readonly scope: GrantScope }
  | { readonly allowed: false; readonly permission: RoutePermission['permission']; readonly reason: 'not-granted' | 'own-only' };

/** Whether callers holding `roles` may call a route with this entry; `scope: 'own'` obliges the handler to narrow. */
export function decideAccess(roles: readonly string[], route: RoutePermission): AccessDecision {
  const { permission } = route;
  if (permission === AUTHENTICATED) return { allowed: true, permission, scope: 'all' };
  const scope = grantedScope(roles, permission);
  if (scope === null) return { allowed: false, permission, reason: 'not-granted' };
  if (scope === 'own' && !route.ownAssignments) return { allowed: false, permission, reason: 'own-only' };
  return { allowed: true, permission, scope };
}
