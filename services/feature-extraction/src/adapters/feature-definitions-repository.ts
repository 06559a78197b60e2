import { insertRows, type Database } from '@vigie/service-kit';
import type { FeatureDefinition } from '../domain/feature-definitions';

/** `feature_definitions`: what each profile's features mean, rewritten at start from the code and the profiles. */
export class FeatureDefinitionsRepository {
  constructor(private readonly db: Database) {}

  /** Replaces every row in one transaction: the table describes the running configuration, nothing older. */
  async replaceAll(definitions: readonly FeatureDefinition[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Replicas starting together write the same rows; the lock keeps one DELETE + INSERT from interleaving another.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('vigie.feature_definitions'))");
      await tx.query('DELETE FROM feature_definitions');
      await insertRows(
        tx,
        'feature_definitions',
        ['name', 'profile', 'description', 'unit', 'domain', 'family', 'window', 'version'],
        definitions.map((d) => [d.name, d.profile, d.description, d.unit, d.family, d.family, d.window, d.version]),
      );
    });
  }

  async list(q: { profile?: string | undefined; family?: string | undefined }): Promise<FeatureDefinition[]> {
    const { rows } = await this.db.query<FeatureDefinition>(
      `SELECT name, profile, family, description, unit, "window", version FROM feature_definitions
        WHERE ($1::text IS NULL OR profile = $1) AND ($2::text IS NULL OR family = $2)
        ORDER BY profile, family, name`,
      [q.profile ?? null, q.family ?? null],
    );
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }
}
