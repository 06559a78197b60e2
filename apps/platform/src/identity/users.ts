import type { Database } from '@vigie/service-kit';
import { IdentityError } from './errors';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './passwords';

/**
 * The issuer's users (table `users` of the `identity` schema): a name (also the token's `sub`), a scrypt hash and roles.
 * The role names are those of the RBAC matrix (issue 9); `service` is not a user role, only service clients carry it.
 */
export const USER_ROLES = ['viewer', 'operator', 'technician', 'planner', 'data-scientist', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  readonly name: string;
  readonly roles: readonly UserRole[];
  readonly createdAt: Date;
}

const NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export function assertUserName(name: string): void {
  if (!NAME.test(name))
    throw new IdentityError(
      'IDENTITY_USER_NAME_INVALID',
      'a user name is 1-64 lowercase letters, digits, ., _, @ or -, starting with a letter or digit',
      { name },
    );
}

export function parseRoles(roles: readonly string[]): UserRole[] {
  if (roles.length === 0) throw new IdentityError('IDENTITY_ROLE_INVALID', `give at least one role: ${USER_ROLES.join(', ')}`);
  for (const r of roles)
    if (!(USER_ROLES as readonly string[]).includes(r))
      throw new IdentityError('IDENTITY_ROLE_INVALID', `unknown role ${r}; one of ${USER_ROLES.join(', ')}`, { role: r });
  return [...new Set(roles)] as UserRole[];
}

interface Row {
  name: string;
  password_hash: string;
  roles: string[];
  created_at: Date;
}

const toUser = (r: Row): User => ({ name: r.name, roles: r.roles as UserRole[], createdAt: r.created_at });

export class UserRepository {
  constructor(private readonly db: Database) {}

  async add(name: string, password: string, roles: readonly string[]): Promise<User> {
    assertUserName(name);
    const valid = parseRoles(roles);
    const hash = await hashPassword(password);
    const { rows } = await this.db.query<Row>(
      'INSERT INTO users (name, password_hash, roles) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING *',
      [name, hash, valid],
    );
    if (!rows[0])
      throw new IdentityError('IDENTITY_USER_EXISTS', `user ${name} already exists (use passwd to change its password)`, { name });
    return toUser(rows[0]);
  }

  async setPassword(name: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    const { rowCount } = await this.db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE name = $1', [name, hash]);
    if (rowCount === 0) throw new IdentityError('IDENTITY_USER_NOT_FOUND', `no user ${name}`, { name });
  }

  async setRoles(name: string, roles: readonly string[]): Promise<void> {
    const { rowCount } = await this.db.query('UPDATE users SET roles = $2, updated_at = now() WHERE name = $1', [name, parseRoles(roles)]);
    if (rowCount === 0) throw new IdentityError('IDENTITY_USER_NOT_FOUND', `no user ${name}`, { name });
  }

  async list(): Promise<User[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM users ORDER BY name');
    return rows.map(toUser);
  }

  async find(name: string): Promise<User | null> {
    const { rows } = await this.db.query<Row>('SELECT * FROM users WHERE name = $1', [name]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** The user when the password matches; null otherwise, after the same scrypt work whether or not the user exists. */
  async authenticate(name: string, password: string): Promise<User | null> {
    const { rows } = await this.db.query<Row>('SELECT * FROM users WHERE name = $1', [name]);
    const row = rows[0];
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
    return row && ok ? toUser(row) : null;
  }

  /**
   * First run: when the table is empty, creates `admin` with a random password and returns that password (the only
   * time it exists in clear); null when any user already exists. One statement, so two starts cannot both create it.
   */
  async createFirstAdmin(): Promise<string | null> {
    const password = generatePassword();
    const hash = await hashPassword(password);
    const { rowCount } = await this.db.query(
      `INSERT INTO users (name, password_hash, roles) SELECT 'admin', $1, $2 WHERE NOT EXISTS (SELECT 1 FROM users) ON CONFLICT (name) DO NOTHING`,
      [hash, ['admin']],
    );
    return rowCount === 1 ? password : null;
  }
}
