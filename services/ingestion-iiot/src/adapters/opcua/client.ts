import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  UserTokenType,
  type UserIdentityInfo,
} from 'node-opcua';
import { OpcUaSourceError } from './errors';
import type { OpcUaSourceOptions, SecurityModeName, SecurityPolicyName } from './types';

export interface ResolvedSecurity {
  mode: SecurityModeName;
  policy: SecurityPolicyName;
}

/** Fills the policy in and rejects combinations no server can offer, before any connection. */
export function resolveSecurity(options: Pick<OpcUaSourceOptions, 'securityMode' | 'securityPolicy'>): ResolvedSecurity {
  const mode = options.securityMode ?? 'None';
  const policy = options.securityPolicy ?? (mode === 'None' ? 'None' : 'Basic256Sha256');
  if ((mode === 'None') !== (policy === 'None')) {
    throw new OpcUaSourceError('configuration', `securityMode ${mode} cannot be used with securityPolicy ${policy}`);
  }
  return { mode, policy };
}

export function userIdentity(user: OpcUaSourceOptions['user']): UserIdentityInfo {
  return user ? { type: UserTokenType.UserName, userName: user.username, password: user.password } : { type: UserTokenType.Anonymous };
}

const PEM = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/;

/** Adds the pinned server certificates (.der, or .pem/.crt with one certificate) to the trust store. */
async function trustPinned(manager: OPCUACertificateManager, dir: string): Promise<number> {
  const files = (await readdir(dir)).filter((f) => /\.(der|pem|crt)$/i.test(f));
  for (const file of files) {
    const bytes = await readFile(path.join(dir, file));
    const pem = PEM.exec(bytes.toString('latin1'));
    await manager.trustCertificate(pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : bytes);
  }
  return files.length;
}

export interface ClientSetup {
  client: OPCUAClient;
  /** Prepares the PKI (own certificate, pinned certificates); call before connect. */
  prepare(): Promise<void>;
}

export function createClient(options: OpcUaSourceOptions, pkiDir: string, security: ResolvedSecurity): ClientSetup {
  const pinned = options.trustServerCertificates === 'pinned';
  const manager = new OPCUACertificateManager({
    rootFolder: pkiDir,
    // 'auto' is trust on first use, what an operator of a single plant network usually wants;
    // 'pinned' refuses every server whose certificate was not put in the store beforehand.
    automaticallyAcceptUnknownCertificate: !pinned,
    disableFileWatchers: true,
  });
  const client = OPCUAClient.create({
    applicationName: 'vigie-ingestion-iiot',
    endpointMustExist: false,
    securityMode: MessageSecurityMode[security.mode],
    securityPolicy: SecurityPolicy[security.policy],
    keepSessionAlive: true,
    connectionStrategy: { initialDelay: 250, maxDelay: options.maxReconnectDelayMs ?? 2000, maxRetry: Number.MAX_SAFE_INTEGER },
    clientCertificateManager: manager,
  });
  return {
    client,
    async prepare() {
      await manager.initialize();
      if (pinned && options.serverCertificatesDir) await trustPinned(manager, options.serverCertificatesDir);
    },
  };
}
