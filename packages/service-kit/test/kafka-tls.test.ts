import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaTlsFailure, kafkaTlsFromEnv, kafkaTlsOptions } from '../src';
import { generateTestCa, type TestCa } from './fixtures/test-ca';

/** KAFKA_TLS_* read at start-up: what turns TLS on, and the TLS_CONFIG_INVALID refusals (the broker side: kafka-tls.int.test.ts). */
let dir: string;
let ca: TestCa;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-kafka-tls-unit-'));
  ca = generateTestCa(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kafkaTlsFromEnv', () => {
  it('leaves Kafka in plain text when KAFKA_TLS_CA is unset', () => {
    expect(kafkaTlsFromEnv({})).toBeNull();
    expect(kafkaTlsFromEnv({ KAFKA_TLS_CA: '  ' })).toBeNull();
  });

  it('turns TLS on with the CA alone, and adds the client pair and server name when given', () => {
    expect(kafkaTlsFromEnv({ KAFKA_TLS_CA: ca.caCert })).toEqual({
      ca: [readFileSync(ca.caCert, 'utf8').trim()],
      client: null,
      servername: null,
    });
    const mutual = kafkaTlsFromEnv({
      KAFKA_TLS_CA: ca.caCert,
      KAFKA_TLS_CERT: ca.clientCert,
      KAFKA_TLS_KEY: ca.clientKey,
      KAFKA_TLS_SERVERNAME: 'kafka.plant',
    });
    expect(mutual?.client).toEqual({ cert: readFileSync(ca.clientCert, 'utf8'), key: readFileSync(ca.clientKey, 'utf8') });
    expect(mutual?.servername).toBe('kafka.plant');
  });

  it.each([
    [{ KAFKA_TLS_CERT: 'x', KAFKA_TLS_KEY: 'y' }, 'KAFKA_TLS_CERT, KAFKA_TLS_KEY set without KAFKA_TLS_CA'],
    [{ KAFKA_TLS_SERVERNAME: 'kafka' }, 'KAFKA_TLS_SERVERNAME set without KAFKA_TLS_CA'],
    [{ KAFKA_TLS_CA: 'CA', KAFKA_TLS_CERT: 'CERT' }, 'KAFKA_TLS_CERT and KAFKA_TLS_KEY go together; only KAFKA_TLS_CERT is set'],
    [{ KAFKA_TLS_CA: 'CA', KAFKA_TLS_KEY: 'KEY' }, 'only KAFKA_TLS_KEY is set'],
    [{ KAFKA_TLS_CA: '/nonexistent/ca.pem' }, 'KAFKA_TLS_CA=/nonexistent/ca.pem cannot be read (ENOENT)'],
    [{ KAFKA_TLS_CA: 'KEY' }, 'holds no PEM certificate'],
    [{ KAFKA_TLS_CA: 'CA', KAFKA_TLS_CERT: 'CERT', KAFKA_TLS_KEY: 'OTHER' }, 'is not the private key of the certificate KAFKA_TLS_CERT='],
    [{ KAFKA_TLS_CA: 'CA', KAFKA_TLS_CERT: 'CERT', KAFKA_TLS_KEY: 'CA' }, 'is not a readable unencrypted PEM private key'],
  ])('refuses %j with TLS_CONFIG_INVALID', (raw, message) => {
    const paths: Record<string, string> = { CA: ca.caCert, CERT: ca.clientCert, KEY: ca.clientKey, OTHER: ca.otherKey };
    const env = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, paths[v] ?? v]));
    expect(() => kafkaTlsFromEnv(env)).toThrow(
      expect.objectContaining({ code: 'TLS_CONFIG_INVALID', message: expect.stringContaining(message) }),
    );
  });
});

describe('kafkaTlsOptions', () => {
  it('keeps certificate checks on with TLS 1.2 at least, and passes only what is configured', () => {
    expect(kafkaTlsOptions({ ca: ['PEM'], client: null, servername: null })).toEqual({
      ca: ['PEM'],
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
    });
    expect(kafkaTlsOptions({ ca: [], client: { cert: 'C', key: 'K' }, servername: 'kafka' })).toEqual({
      cert: 'C',
      key: 'K',
      servername: 'kafka',
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
    });
  });
});

describe('kafkaTlsFailure', () => {
  it('finds the certificate error nested in the client’s retry errors', () => {
    const tlsError = Object.assign(new Error('unable to verify the first certificate; if the root CA is installed locally, try …'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    const network = Object.assign(new Error('Connection to 127.0.0.1:9093 failed.', { cause: tlsError }), { code: 'PLT_KFK_NETWORK' });
    const nested = new AggregateError([new AggregateError([network], 'Cannot connect to any broker.')], 'Listing topics failed.');
    const found = kafkaTlsFailure(nested);
    expect(found).toMatchObject({ code: 'KAFKA_TLS_HANDSHAKE_FAILED', tlsCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', cause: nested });
    expect(found?.message).toBe(
      'KAFKA_TLS_HANDSHAKE_FAILED: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE); check KAFKA_TLS_CA and KAFKA_TLS_SERVERNAME',
    );
  });

  it('tells a broker refusing this client (an alert) from a broker certificate this client refused', () => {
    const alert = Object.assign(
      new Error(
        '407D2AC5AC7F0000:error:0A000412:SSL routines:ssl3_read_bytes:ssl/tls alert bad certificate:../ssl/record/rec_layer_s3.c:918:SSL alert number 42\n',
      ),
      { code: 'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE' },
    );
    expect(kafkaTlsFailure(new Error('Connection error', { cause: alert }))?.message).toBe(
      'KAFKA_TLS_HANDSHAKE_FAILED: the broker ended the handshake: ssl/tls alert bad certificate (ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE); ' +
        'check KAFKA_TLS_CERT and KAFKA_TLS_KEY (a client certificate its CA signed)',
    );
  });

  it('leaves other failures alone', () => {
    expect(
      kafkaTlsFailure(new AggregateError([Object.assign(new Error('Connection closed'), { code: 'PLT_KFK_NETWORK' })], 'x')),
    ).toBeNull();
    expect(kafkaTlsFailure('not an error')).toBeNull();
  });
});

// A CA file may hold a bundle: every certificate in it is trusted.
it('reads every certificate of a CA bundle', () => {
  const bundle = join(dir, 'bundle.pem');
  writeFileSync(bundle, `${readFileSync(ca.caCert, 'utf8')}\n${readFileSync(ca.serverCert, 'utf8')}`);
  expect(kafkaTlsFromEnv({ KAFKA_TLS_CA: bundle })?.ca).toHaveLength(2);
});
