import { defineRoute } from '@vigie/service-kit';
import { PutRulesRequest, RulesResponse, RuleSetVersionsResponse } from '@vigie/contracts';
import type { UseCaseDeps } from '../use-cases/deps';
import { getActiveRules, listRuleVersions, putRules } from '../use-cases/manage-rules';

const tags = ['orchestration-rules'];

export function rulesRoutes(deps: UseCaseDeps) {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/rules',
      summary: 'The active orchestration rule set (json-rules-engine documents) and its version',
      tags,
      response: RulesResponse,
      handler: () => getActiveRules(deps),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/rules',
      summary:
        'Replace the orchestration rules: body { author, rules } (PutRulesRequest). Stored as a new active version, ' +
        'used from the next event on; 400 RULES_INVALID with the issues when invalid',
      tags,
      // The schema the use-case validates with (it also checks the operators with json-rules-engine); a body outside
      // it answers RULES_INVALID too, as this route always has.
      body: PutRulesRequest,
      invalidCode: 'RULES_INVALID',
      response: RulesResponse,
      handler: ({ body }) => putRules(deps, body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rules/versions',
      summary: 'Every stored version of the orchestration rules, newest first',
      tags,
      response: RuleSetVersionsResponse,
      handler: () => listRuleVersions(deps),
    }),
  ];
}
