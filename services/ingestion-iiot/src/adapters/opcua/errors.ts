import { StatusCodes, type StatusCode } from 'node-opcua';

export type OpcUaFailure = 'authentication' | 'certificate' | 'security' | 'configuration' | 'connection' | 'browse';

/** A start that failed, with a reason an operator can act on; the message never holds a secret. */
export class OpcUaSourceError extends Error {
  constructor(
    readonly reason: OpcUaFailure,
    message: string,
    readonly status?: string,
  ) {
    super(message);
    this.name = 'OpcUaSourceError';
  }
}

type CodeName = keyof typeof StatusCodes;

/**
 * The StatusCode behind a node-opcua error: a ServiceFault carries it on `response`, other
 * failures only in the message text (e.g. "serviceResult = BadUserAccessDenied (0x801f0000)").
 */
export function statusOfError(error: unknown): StatusCode | undefined {
  const carried = (error as { response?: { responseHeader?: { serviceResult?: StatusCode } } } | null)?.response;
  if (carried?.responseHeader?.serviceResult) return carried.responseHeader.serviceResult;
  const name = /\b((?:Bad|Uncertain)[A-Za-z0-9]+)\b/.exec(String(error))?.[1];
  return name && name in StatusCodes ? (StatusCodes[name as CodeName] as StatusCode) : undefined;
}

const AUTH = new Set(['BadUserAccessDenied', 'BadIdentityTokenRejected', 'BadIdentityTokenInvalid', 'BadUserSignatureInvalid']);
// node-opcua refuses before asking the server when the endpoint offers no policy for the token type.
const NO_TOKEN_POLICY = /cannot find (\w+) user token policy/i;
const TRUST = /certificate|BadCertificate|BadSecurityChecksFailed/i;
const SECURITY = /no endpoint|cannot find endpoint|BadSecurityPolicyRejected|BadSecurityModeRejected|endpoint.*not found/i;

/** Classifies a failed connect/session so the status says what to fix. */
export function describeStartError(error: unknown, context: { endpointUrl: string; username?: string; securityMode: string; securityPolicy: string }): OpcUaSourceError {
  if (error instanceof OpcUaSourceError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const status = statusOfError(error);
  const code = status?.name;
  const who = context.username === undefined ? 'anonymous access' : `user '${context.username}'`;
  if (code && AUTH.has(code)) {
    return new OpcUaSourceError('authentication', `OPC UA server ${context.endpointUrl} refused ${who} (${code})`, code);
  }
  const noPolicy = NO_TOKEN_POLICY.exec(text);
  if (noPolicy) {
    return new OpcUaSourceError('authentication', `OPC UA server ${context.endpointUrl} refused ${who} (no ${noPolicy[1]!.toLowerCase()} token policy)`);
  }
  if (TRUST.test(text)) {
    return new OpcUaSourceError('certificate', `OPC UA certificate not trusted on ${context.endpointUrl}: ${text.trim()}`, code);
  }
  if (SECURITY.test(text)) {
    return new OpcUaSourceError(
      'security',
      `OPC UA server ${context.endpointUrl} offers no ${context.securityMode}/${context.securityPolicy} endpoint: ${text.trim()}`,
      code,
    );
  }
  return new OpcUaSourceError('connection', `OPC UA start failed on ${context.endpointUrl}: ${text.trim()}`, code);
}
