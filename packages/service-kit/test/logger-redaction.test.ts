import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from '../src';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('logger redaction', () => {
  it('replaces credentials at every depth the code base logs them, and keeps the rest', () => {
    const { lines, stream } = capture();
    const logger = createLogger('test', 'info', stream);
    logger.info(
      {
        password: 'p0',
        authorization: 'Bearer root-token',
        req: { headers: { authorization: 'Bearer header-token', cookie: 'sid=cookie-value', 'set-cookie': 'sid=set-value', host: 'h' } },
        config: { id: 'line-1', user: { username: 'operator', password: 'deep-password' }, password: 'mqtt-password' },
        s3: { accessKeyId: 'AKIA', secretAccessKey: 'aws-secret' },
        oidc: { clientSecret: 'client-secret', tokens: { accessToken: 'at', refreshToken: 'rt', idToken: 'it', token: 'tk' } },
        sources: [{ apiKey: 'array-api-key', secret: 'array-secret' }],
      },
      'source added',
    );
    logger.child({ service: 'x' }).warn({ a: { b: { c: { d: { password: 'depth-four' } } } } }, 'deep');
    const out = lines.join('');
    for (const secret of [
      'p0',
      'root-token',
      'header-token',
      'cookie-value',
      'set-value',
      'deep-password',
      'mqtt-password',
      'aws-secret',
      'client-secret',
      '"at"',
      '"rt"',
      '"it"',
      '"tk"',
      'array-api-key',
      'array-secret',
      'depth-four',
    ]) {
      expect(out).not.toContain(secret);
    }
    const first = JSON.parse(lines[0]!);
    expect(first.config).toEqual({ id: 'line-1', user: { username: 'operator', password: REDACTED }, password: REDACTED });
    expect(first.req.headers.host).toBe('h');
    expect(first.s3.accessKeyId).toBe('AKIA');
    expect(JSON.parse(lines[1]!).a.b.c.d.password).toBe(REDACTED);
  });
});
