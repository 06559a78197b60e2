import { createHash, timingSafeEqual } from 'node:crypto';
import { MessageSecurityMode, SecurityPolicy, type OPCUAServerOptions } from 'node-opcua';

/** Message security the simulator can offer; signed modes use Basic256Sha256, the common profile of today's PLCs. */
export type OpcUaSecurityMode = 'None' | 'Sign' | 'SignAndEncrypt';

export interface OpcUaUser {
  username: string;
  /** Secret: compared in constant time, never logged. */
  password: string;
}

export interface OpcUaServerSecurity {
  /** Default ['None'], which is what the simulator always served. */
  securityModes?: readonly OpcUaSecurityMode[];
  /** Username/password accounts accepted by the server. */
  users?: readonly OpcUaUser[];
  /** Default: true when no users are configured, false otherwise (anonymous only when asked for). */
  allowAnonymous?: boolean;
}

const MODES: Readonly<Record<OpcUaSecurityMode, MessageSecurityMode>> = {
  None: MessageSecurityMode.None,
  Sign: MessageSecurityMode.Sign,
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
};

// Hashing first gives both sides the same length, which timingSafeEqual requires.
const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** A constant-time check of a username/password pair against the configured accounts. */
export function checkUser(users: readonly OpcUaUser[], username: string, password: string): boolean {
  const given = digest(password);
  let ok = false;
  for (const user of users) {
    // Every account is compared so the time taken does not reveal which usernames exist.
    const match = timingSafeEqual(digest(user.password), given) && user.username === username;
    ok ||= match;
  }
  return ok;
}

/** The node-opcua server options that implement the requested security. */
export function serverSecurityOptions(security: OpcUaServerSecurity): Partial<OPCUAServerOptions> {
  const modes = security.securityModes ?? ['None'];
  if (modes.length === 0) throw new RangeError('securityModes must not be empty');
  const users = security.users ?? [];
  const allowAnonymous = security.allowAnonymous ?? users.length === 0;
  const policies: SecurityPolicy[] = [];
  if (modes.includes('None')) policies.push(SecurityPolicy.None);
  if (modes.some((m) => m !== 'None')) policies.push(SecurityPolicy.Basic256Sha256);
  return {
    securityModes: [...new Set(modes)].map((m) => MODES[m]),
    securityPolicies: policies,
    allowAnonymous,
    // Without accounts every username is refused, so a client cannot log in by accident.
    userManager: { isValidUser: (username: string, password: string) => checkUser(users, username, password) },
  };
}
