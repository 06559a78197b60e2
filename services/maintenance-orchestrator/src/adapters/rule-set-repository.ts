import type { Queryable } from '@vigie/service-kit';

/** One stored version of the orchestration rules (`rules` is the validated `{ rules: [...] }` document). */
export interface StoredRuleSet {
  readonly version: number;
  readonly rules: unknown;
  readonly author: string;
  readonly createdAt: Date;
  readonly active: boolean;
}

interface Row {
  version: number;
  rules: unknown;
  author: string;
  created_at: Date;
  active: boolean;
}

const toStored = (r: Row): StoredRuleSet => ({
  version: Number(r.version),
  rules: r.rules,
  author: r.author,
  createdAt: r.created_at,
  active: r.active,
});

/** The active version number only: the cheap per-event check behind hot reload. */
export async function activeRuleSetVersion(q: Queryable): Promise<number | null> {
  const { rows } = await q.query<{ version: number }>('SELECT version FROM orchestration_rules WHERE active');
  return rows[0] ? Number(rows[0].version) : null;
}

export async function findRuleSet(q: Queryable, version: number): Promise<StoredRuleSet | null> {
  const { rows } = await q.query<Row>('SELECT version, rules, author, created_at, active FROM orchestration_rules WHERE version = $1', [
    version,
  ]);
  return rows[0] ? toStored(rows[0]) : null;
}

/** Newest first. */
export async function listRuleSets(q: Queryable): Promise<StoredRuleSet[]> {
  const { rows } = await q.query<Row>('SELECT version, rules, author, created_at, active FROM orchestration_rules ORDER BY version DESC');
  return rows.map(toStored);
}

/**
 * Stores `rules` as the next version and makes it the only active one. Writers are serialised by a table lock
 * (readers are not blocked), so two concurrent PUTs get distinct versions. With `onlyIfEmpty`, does nothing when any
 * version exists (seeding the shipped defaults); returns the stored version, or null when it did nothing.
 */
export async function insertActiveRuleSet(
  q: Queryable,
  set: { readonly rules: unknown; readonly author: string },
  onlyIfEmpty = false,
): Promise<StoredRuleSet | null> {
  await q.query('LOCK TABLE orchestration_rules IN SHARE ROW EXCLUSIVE MODE');
  const { rows: top } = await q.query<{ version: number | null }>('SELECT max(version) AS version FROM orchestration_rules');
  const last = top[0]?.version ?? null;
  if (onlyIfEmpty && last !== null) return null;
  await q.query('UPDATE orchestration_rules SET active = false WHERE active');
  const { rows } = await q.query<Row>(
    `INSERT INTO orchestration_rules (version, rules, author, active) VALUES ($1, $2, $3, true)
     RETURNING version, rules, author, created_at, active`,
    [(last === null ? 0 : Number(last)) + 1, set.rules, set.author],
  );
  return toStored(rows[0]!);
}
