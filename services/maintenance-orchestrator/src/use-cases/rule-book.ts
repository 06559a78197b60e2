import type { Queryable } from '@vigie/service-kit';
import { activeRuleSetVersion, findRuleSet, insertActiveRuleSet } from '../adapters/rule-set-repository';
import { compileRuleSet, type CompiledRuleSet } from '../domain/rule-engine';
import defaultRules from '../../config/default-rules.json' with { type: 'json' };

/** The rule set shipped with the product (config/default-rules.json), stored as version 1 on first start. */
export const DEFAULT_RULES: unknown = defaultRules;
export const DEFAULT_RULES_AUTHOR = 'vigie (default rules)';

/**
 * The active orchestration rules, compiled once per version. Each event reads the active version number in its own
 * transaction, so a PUT (on this replica or another one) applies from the next event on, without a restart.
 */
export class RuleBook {
  private compiled: CompiledRuleSet | null = null;

  async active(q: Queryable): Promise<CompiledRuleSet> {
    const version = (await activeRuleSetVersion(q)) ?? (await seedDefaultRules(q)).version;
    if (this.compiled?.version === version) return this.compiled;
    const stored = await findRuleSet(q, version);
    if (stored === null) throw new Error(`orchestration rule set ${version} vanished inside its transaction`);
    this.compiled = await compileRuleSet(stored.rules, version);
    return this.compiled;
  }
}

/** Stores the shipped defaults as the active version when no version exists yet; returns the active version. */
export async function seedDefaultRules(q: Queryable): Promise<{ version: number; seeded: boolean }> {
  await compileRuleSet(DEFAULT_RULES, 1); // a broken shipped file must stop the start, not reach the table
  const stored = await insertActiveRuleSet(q, { rules: DEFAULT_RULES, author: DEFAULT_RULES_AUTHOR }, true);
  if (stored !== null) return { version: stored.version, seeded: true };
  const version = await activeRuleSetVersion(q);
  if (version === null) throw new Error('orchestration rules exist but none is active');
  return { version, seeded: false };
}
