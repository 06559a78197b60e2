import type { z } from 'zod';
import { NotFoundError } from '@vigie/service-kit';
import { PutRulesRequest, type RulesResponse, type RuleSetVersionsResponse } from '@vigie/contracts';
import { activeRuleSetVersion, findRuleSet, insertActiveRuleSet, listRuleSets, type StoredRuleSet } from '../adapters/rule-set-repository';
import { compileRuleSet, rulesInvalid } from '../domain/rule-engine';
import type { UseCaseDeps } from './deps';
import { seedDefaultRules } from './rule-book';

/** The active rule set with its version. */
export async function getActiveRules(deps: UseCaseDeps): Promise<RulesResponse> {
  const stored = await deps.db.transaction(async (tx) => {
    const version = (await activeRuleSetVersion(tx)) ?? (await seedDefaultRules(tx)).version;
    return findRuleSet(tx, version);
  });
  if (stored === null) throw new NotFoundError('NOT_FOUND', { resource: 'orchestration rules' });
  return toResponse(stored);
}

/**
 * Validates a rule set (RULES_INVALID, 400, with the issues) and stores it as the next version, active at once:
 * the next event is decided by it (RuleBook reads the active version per event).
 */
export async function putRules(deps: UseCaseDeps, body: unknown): Promise<RulesResponse> {
  const request = PutRulesRequest.safeParse(body);
  if (!request.success) {
    throw rulesInvalid(request.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
  }
  const { author, rules } = request.data as z.output<typeof PutRulesRequest>;
  await compileRuleSet({ rules }, 1); // operators json-rules-engine knows; the version is assigned on insert
  const stored = await deps.db.transaction((tx) => insertActiveRuleSet(tx, { rules: { rules }, author }));
  if (stored === null) throw new Error('rule set insert was skipped');
  return toResponse(stored);
}

export async function listRuleVersions(deps: UseCaseDeps): Promise<z.output<typeof RuleSetVersionsResponse>> {
  const versions = await listRuleSets(deps.db);
  return { versions: versions.map(summary) };
}

function summary(s: StoredRuleSet) {
  const rules = (s.rules as { rules?: unknown[] }).rules ?? [];
  return { version: s.version, author: s.author, createdAt: s.createdAt.toISOString(), active: s.active, ruleCount: rules.length };
}

function toResponse(s: StoredRuleSet): RulesResponse {
  return { ...summary(s), rules: (s.rules as RulesResponse).rules };
}
