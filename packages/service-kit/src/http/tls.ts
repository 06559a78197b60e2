import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls, { type SecureVersion } from 'node:tls';

/**
 * TLS for every service listener (issue 9 item 4), configured once from the environment:
 * - VIGIE_TLS_CERT / VIGIE_TLS_KEY (PEM file paths, both or neither) turn HTTPS — and WSS on the same listener — on;
 * - VIGIE_TLS_CA (PEM bundle path) is the CA that this process's clients (service-to-service calls, monitoring's
 *   gateway and health poller) trust on top of the public roots.
 * Half a configuration never falls back to plain HTTP: it stops the service with TLS_CONFIG_INVALID.
 */
export interface TlsConfig {
  /** The listener's certificate chain and private key (PEM); null keeps the listener plain HTTP. */
  readonly server: { readonly cert: string; readonly key: string } | null;
  /** Extra CA certificates (one PEM each) trusted by this process's TLS clients; empty when VIGIE_TLS_CA is unset. */
  readonly ca: readonly string[];
}

/** Older protocols are refused whatever Node's own default (which `--tls-min-v1.0` can lower). */
export const TLS_MIN_VERSION: SecureVersion = 'TLSv1.2';

/** A TLS setting that cannot work; the service refuses to start rather than serve plain HTTP by accident. */
export class TlsConfigError extends Error {
  readonly code = 'TLS_CONFIG_INVALID';
  constructor(message: string) {
    super(`TLS_CONFIG_INVALID: ${message}`);
    this.name = 'TlsConfigError';
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The text of the PEM file the variable `name` points at; TlsConfigError when it cannot be read. */
export function readPemFile(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new TlsConfigError(`${name}=${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Every certificate of a PEM bundle, each checked to parse; TlsConfigError when there is none or one is unreadable. */
export function pemCertificates(name: string, path: string, pem: string): string[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new TlsConfigError(`${name}=${path} holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (err) {
      throw new TlsConfigError(`${name}=${path} holds an unreadable certificate (${(err as Error).message})`);
    }
  }
  return blocks;
}

function privateKey(name: string, path: string, pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (err) {
    throw new TlsConfigError(`${name}=${path} is not a readable unencrypted PEM private key (${(err as Error).message})`);
  }
}

/**
 * Reads a certificate chain and its private key, checking that the key is the leaf certificate's: a mismatch would
 * only show as a failed handshake later. `names` are the variables, for the messages. Throws TlsConfigError.
 */
export function readKeyPair(names: { cert: string; key: string }, certPath: string, keyPath: string): { cert: string; key: string } {
  const cert = readPemFile(names.cert, certPath);
  const key = readPemFile(names.key, keyPath);
  const [leaf = ''] = pemCertificates(names.cert, certPath, cert);
  if (!new X509Certificate(leaf).checkPrivateKey(privateKey(names.key, keyPath, key))) {
    throw new TlsConfigError(`${names.key}=${keyPath} is not the private key of the certificate ${names.cert}=${certPath}`);
  }
  return { cert, key };
}

/** Reads and checks the files named by VIGIE_TLS_*; only at construction, never per request. Throws TlsConfigError. */
export function tlsFromEnv(env: NodeJS.ProcessEnv = process.env): TlsConfig {
  const certPath = env.VIGIE_TLS_CERT?.trim() || undefined;
  const keyPath = env.VIGIE_TLS_KEY?.trim() || undefined;
  const caPath = env.VIGIE_TLS_CA?.trim() || undefined;
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new TlsConfigError(`VIGIE_TLS_CERT and VIGIE_TLS_KEY go together; only ${certPath ? 'VIGIE_TLS_CERT' : 'VIGIE_TLS_KEY'} is set`);
  }
  const server: TlsConfig['server'] =
    certPath !== undefined && keyPath !== undefined
      ? readKeyPair({ cert: 'VIGIE_TLS_CERT', key: 'VIGIE_TLS_KEY' }, certPath, keyPath)
      : null;
  const ca = caPath === undefined ? [] : pemCertificates('VIGIE_TLS_CA', caPath, readPemFile('VIGIE_TLS_CA', caPath));
  return { server, ca };
}

/** Options for Fastify's `https` (Node's https.createServer); null when the listener stays plain HTTP. */
export function tlsServerOptions(config: TlsConfig): { cert: string; key: string; minVersion: SecureVersion } | null {
  return config.server ? { cert: config.server.cert, key: config.server.key, minVersion: TLS_MIN_VERSION } : null;
}

/**
 * Adds the configured CA to the default trust of this process's TLS clients, public roots kept. Global on purpose:
 * Node's fetch (monitoring's gateway and health poller, service clients) takes no `ca` option, and in the embedded
 * profile every service shares one process and one VIGIE_TLS_CA. Idempotent.
 */
export function trustTlsCa(ca: readonly string[]): void {
  if (ca.length === 0) return;
  const current = tls.getCACertificates('default');
  const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
  const known = new Set(current.map(fingerprint));
  const added = ca.filter((pem) => !known.has(fingerprint(pem)));
  if (added.length > 0) tls.setDefaultCACertificates([...current, ...added]);
}
