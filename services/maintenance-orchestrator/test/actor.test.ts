import { describe, expect, it } from 'vitest';
import type { AuthClaims } from '@vigie/service-kit';
import { actorOf, ACTOR_HEADER } from '../src/http/actor';

/** Who the audit trail and comments name (issue 9): a signed-in user cannot act under another name. */
describe('actor of a work-order change', () => {
  const token = (sub: string, roles: string[], claims: Record<string, unknown> = {}): AuthClaims => ({
    sub,
    roles,
    scopes: ['vigie.api'],
    claims: { sub, roles, ...claims },
  });
  const req = (auth?: AuthClaims, header?: string) => ({
    headers: header === undefined ? {} : { [ACTOR_HEADER]: header },
    ...(auth ? { auth } : {}),
  });

  it('is the signed-in user, whatever the body or the header claims', () => {
    expect(actorOf(req(token('alice', ['technician'])), 'mallory')).toBe('alice');
    expect(actorOf(req(token('alice', ['planner']), 'mallory'), undefined)).toBe('alice');
    // An external provider's opaque sub: the readable name from the token.
    const keycloak = token('8f14e45f-ceea-467f-a0e6-5a1f0b2c6d7e', ['operator'], { preferred_username: 'b.martin', name: 'Bruno Martin' });
    expect(actorOf(req(keycloak), 'someone')).toBe('b.martin');
    expect(actorOf(req(token('u-1', ['viewer'], { name: 'Chloé' })), undefined)).toBe('Chloé');
  });

  it('lets a service client (acting for a rule or a job) and an unauthenticated caller name the actor', () => {
    expect(actorOf(req(token('vigie-platform', ['service', 'admin'])), 'rule:rul-p1')).toBe('rule:rul-p1');
    expect(actorOf(req(token('vigie-platform', ['service'])), undefined)).toBe('anonymous');
    expect(actorOf(req(undefined, '  dupont  '), undefined)).toBe('dupont');
    expect(actorOf(req(undefined, 'x'.repeat(101)), undefined)).toBe('anonymous');
    expect(actorOf(req(), 'dupont')).toBe('dupont');
  });
});
