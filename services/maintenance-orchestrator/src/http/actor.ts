import { actingUserOf, type AuthClaims } from '@vigie/service-kit';
import { ANONYMOUS_ACTOR } from '../domain/audit';

/** Header naming who acts, when the body does not (callers without a user token: auth off, or service clients). */
export const ACTOR_HEADER = 'x-vigie-actor';

/**
 * Who acts, for the audit trail and comment authors: a signed-in user is the name in their token, whatever the body
 * or header says (nobody can write the audit under another name); otherwise (authentication off, or a service client
 * acting for a rule or job) the body's `actor`, else the x-vigie-actor header (trimmed, 1–100 characters), else
 * 'anonymous'.
 */
export function actorOf(
  request: { readonly headers: Record<string, string | string[] | undefined>; readonly auth?: AuthClaims | undefined },
  bodyActor: string | undefined,
): string {
  const user = actingUserOf(request);
  if (user !== null) return user;
  if (bodyActor !== undefined) return bodyActor;
  const header = request.headers[ACTOR_HEADER];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value && value.length <= 100 ? value : ANONYMOUS_ACTOR;
}
