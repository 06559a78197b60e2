import type { ConnectionOptions } from 'node:tls';
import { pemCertificates, readKeyPair, readPemFile, TLS_MIN_VERSION, TlsConfigError } from '../http/tls';

/**
 * TLS from Vigie's Kafka clients to the brokers (issue 9 item 4), configured once from the environment:
 * - KAFKA_TLS_CA (PEM bundle path) turns TLS on: the brokers' certificates must chain to it;
 * - KAFKA_TLS_CERT / KAFKA_TLS_KEY (both or neither) add a client certificate, for brokers that require mutual TLS;
 * - KAFKA_TLS_SERVERNAME, the name checked in the brokers' certificates (and sent as SNI) instead of each broker
 *   address's host — for brokers reached by an address their certificate does not name.
 * Every producer, consumer and admin client of a KafkaEventBus uses it. Half a configuration stops the service at
 * start-up with TLS_CONFIG_INVALID; it never falls back to plain text.
 */
export interface KafkaTlsConfig {
  /** The CA certificates (one PEM each) trusted for the brokers; empty: Node's default trust store (public roots). */
  readonly ca: readonly string[];
  /** The client certificate chain and key (PEM) for mutual TLS; null when the brokers do not ask for one. */
  readonly client: { readonly cert: string; readonly key: string } | null;
  /** Checked against the brokers' certificates instead of the host of each address; null: that host. */
  readonly servername: string | null;
}

/** Reads and checks the files named by KAFKA_TLS_*; null when KAFKA_TLS_CA is unset (plain text). Throws TlsConfigError. */
export function kafkaTlsFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaTlsConfig | null {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const caPath = value('KAFKA_TLS_CA');
  const certPath = value('KAFKA_TLS_CERT');
  const keyPath = value('KAFKA_TLS_KEY');
  const servername = value('KAFKA_TLS_SERVERNAME');
  if (caPath === undefined) {
    const stray = ['KAFKA_TLS_CERT', 'KAFKA_TLS_KEY', 'KAFKA_TLS_SERVERNAME'].filter((name) => value(name) !== undefined);
    if (stray.length > 0) throw new TlsConfigError(`${stray.join(', ')} set without KAFKA_TLS_CA, which turns TLS to Kafka on`);
    return null;
  }
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new TlsConfigError(`KAFKA_TLS_CERT and KAFKA_TLS_KEY go together; only ${certPath ? 'KAFKA_TLS_CERT' : 'KAFKA_TLS_KEY'} is set`);
  }
  return {
    ca: pemCertificates('KAFKA_TLS_CA', caPath, readPemFile('KAFKA_TLS_CA', caPath)),
    client:
      certPath !== undefined && keyPath !== undefined
        ? readKeyPair({ cert: 'KAFKA_TLS_CERT', key: 'KAFKA_TLS_KEY' }, certPath, keyPath)
        : null,
    servername: servername ?? null,
  };
}

/** Node's tls.connect options for @platformatic/kafka's `tls` client option: certificate checks on, TLS 1.2 minimum. */
export function kafkaTlsOptions(config: KafkaTlsConfig): ConnectionOptions {
  return {
    ...(config.ca.length > 0 ? { ca: [...config.ca] } : {}),
    ...(config.client ? { cert: config.client.cert, key: config.client.key } : {}),
    ...(config.servername ? { servername: config.servername } : {}),
    minVersion: TLS_MIN_VERSION,
    rejectUnauthorized: true,
  };
}

/** The codes Node's TLS sockets give a failed certificate check or handshake (OpenSSL's X509 names, ERR_TLS_*, ERR_SSL_*). */
const TLS_FAILURE_CODE = /^(ERR_TLS_|ERR_SSL_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_|HOSTNAME_)/;

/** The brokers could not be reached over TLS: their certificate is not trusted or names another host, or they refused this client's. */
export class KafkaTlsError extends Error {
  readonly code = 'KAFKA_TLS_HANDSHAKE_FAILED';
  constructor(
    message: string,
    /** Node's code for the failure, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE or ERR_TLS_CERT_ALTNAME_INVALID. */
    readonly tlsCode: string,
    options: { cause: unknown },
  ) {
    super(`KAFKA_TLS_HANDSHAKE_FAILED: ${message}`, options);
    this.name = 'KafkaTlsError';
  }
}

/** What to check, by who gave up: the broker sent an alert (it refused us), or this client refused the broker's certificate. */
function describe(error: Error, code: string): string {
  if (code.startsWith('ERR_SSL_') && code.includes('ALERT')) {
    // OpenSSL's message: `<id>:error:<code>:SSL routines:<function>:<reason>:<file>:…`
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1] ?? error.message;
    return `the broker ended the handshake: ${reason} (${code}); check KAFKA_TLS_CERT and KAFKA_TLS_KEY (a client certificate its CA signed)`;
  }
  return `${error.message.split('; ')[0] ?? error.message} (${code}); check KAFKA_TLS_CA and KAFKA_TLS_SERVERNAME`;
}

/**
 * The TLS failure buried in a Kafka client error, as a KafkaTlsError; null when there is none. The client retries
 * each connection and nests the attempts (AggregateError → cause → …), so the certificate error is found by walking.
 */
export function kafkaTlsFailure(error: unknown): KafkaTlsError | null {
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const e = stack.pop();
    if (!(e instanceof Error) || seen.has(e)) continue;
    seen.add(e);
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && TLS_FAILURE_CODE.test(code)) {
      return new KafkaTlsError(describe(e, code), code, {
        cause: error,
      });
    }
    if (e instanceof AggregateError) stack.push(...(e.errors as unknown[]));
    if (e.cause !== undefined) stack.push(e.cause);
  }
  return null;
}
