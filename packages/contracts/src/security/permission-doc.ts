import { AUTHENTICATED, decideAccess, PERMISSION_NAMES, PERMISSIONS, ROLE_GRANTS, ROLES, ROUTE_PERMISSIONS } from './permissions';

/** The markers around the generated part of docs/security.md. */
export const PERMISSION_DOC_START = '<!-- permission-matrix:start (generated from packages/contracts/src/security/permissions.ts) -->';
export const PERMISSION_DOC_END = '<!-- permission-matrix:end -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');
const MARKS = { all: '✓', own: 'own', none: '' } as const;

/** Roles × permissions: ✓ granted, `own` only the caller's assignments, blank refused. */
function grantTable(): string[] {
  const lines = [`| permission | what it allows | ${ROLES.join(' | ')} |`, `|---|---|${ROLES.map(() => ':-:').join('|')}|`];
  for (const p of PERMISSION_NAMES) {
    const marks = ROLES.map((r) => MARKS[ROLE_GRANTS[r][p] ?? 'none']);
    lines.push(`| \`${p}\` | ${cell(PERMISSIONS[p])} | ${marks.join(' | ')} |`);
  }
  return lines;
}

/** Every route with the permission it needs and the roles that pass (`own`: narrowed to their assignments). */
function routeTable(): string[] {
  const lines = ['| route | permission | roles allowed |', '|---|---|---|'];
  for (const [route, entry] of Object.entries(ROUTE_PERMISSIONS)) {
    const roles = ROLES.flatMap((r) => {
      const d = decideAccess([r], entry);
      return d.allowed ? [d.scope === 'own' ? `${r} (own)` : r] : [];
    });
    const permission = entry.permission === AUTHENTICATED ? 'any valid token (the owning service checks)' : `\`${entry.permission}\``;
    lines.push(`| \`${cell(route)}\` | ${permission} | ${roles.join(', ')} |`);
  }
  return lines;
}

/** The generated section of docs/security.md, markers included. */
export function renderPermissionDoc(): string {
  return [
    PERMISSION_DOC_START,
    '',
    '### Permissions per role',
    '',
    ...grantTable(),
    '',
    '### Permission per route',
    '',
    ...routeTable(),
    '',
    PERMISSION_DOC_END,
  ].join('\n');
}
