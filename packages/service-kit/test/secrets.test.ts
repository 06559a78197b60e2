import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  dataKeyFile,
  generateDataKey,
  isSealed,
  Keyring,
  loadKeyring,
  maskFields,
  openFields,
  parseDataKeys,
  sealFields,
  silentLogger,
} from '../src';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : `not an AppError: ${String(err)}`;
  }
  return 'no error';
};

describe('Keyring (AES-256-GCM envelopes)', () => {
  const k1 = generateDataKey('k1');
  const k2 = generateDataKey('k2');

  it('seals to a v1 envelope that holds no plaintext and opens back, with a fresh IV each time', () => {
    const ring = Keyring.fromConfig({ keys: k1 });
    const a = ring.seal('correct-horse-battery', 'ctx');
    const b = ring.seal('correct-horse-battery', 'ctx');
    expect(a).toMatch(/^v1:k1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct-horse');
    expect(Buffer.from(a.split(':')[4]!, 'base64url').toString('latin1')).not.toContain('correct');
    expect(ring.open(a, 'ctx')).toBe('correct-horse-battery');
    expect(ring.open(ring.seal('', 'ctx'), 'ctx')).toBe('');
  });

  it('fails with stable codes: wrong key bytes, other context, tampering, unknown key id, bad envelope', () => {
    const sealed = Keyring.fromConfig({ keys: k1 }).seal('s3cret', 'ctx');
    const otherBytes = Keyring.fromConfig({ keys: generateDataKey('k1') });
    expect(codeOf(() => otherBytes.open(sealed, 'ctx'))).toBe('SECRET_DECRYPT_FAILED');
    expect(codeOf(() => Keyring.fromConfig({ keys: k1 }).open(sealed, 'other'))).toBe('SECRET_DECRYPT_FAILED');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(
      codeOf(() => Keyring.fromConfig({ keys: k1 }).open([...parts.slice(0, 4), flipped.toString('base64url')].join(':'), 'ctx')),
    ).toBe('SECRET_DECRYPT_FAILED');
    expect(codeOf(() => Keyring.fromConfig({ keys: k2 }).open(sealed, 'ctx'))).toBe('SECRET_KEY_UNKNOWN');
    expect(codeOf(() => Keyring.fromConfig({ keys: k1 }).open('plaintext', 'ctx'))).toBe('SECRET_ENVELOPE_INVALID');
  });

  it('rotates: a new first key seals, the old one still opens, reseal moves values onto the new key', () => {
    const old = Keyring.fromConfig({ keys: k1 }).seal('s3cret', 'ctx');
    const ring = Keyring.fromConfig({ keys: `${k2},${k1}` });
    expect(ring.currentKeyId).toBe('k2');
    expect(ring.open(old, 'ctx')).toBe('s3cret');
    expect(ring.needsReseal(old)).toBe(true);
    const moved = ring.reseal(old, 'ctx');
    expect(moved.startsWith('v1:k2:')).toBe(true);
    expect(ring.reseal(moved, 'ctx')).toBe(moved);
    expect(Keyring.fromConfig({ keys: k2 }).open(moved, 'ctx')).toBe('s3cret');
  });

  it('parses VIGIE_DATA_KEYS strictly and never echoes key bytes', () => {
    expect(parseDataKeys(` ${k1} , ${k2} `).map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(codeOf(() => parseDataKeys(''))).toBe('SECRET_KEY_MISSING');
    expect(codeOf(() => parseDataKeys('k1:c2hvcnQ='))).toBe('SECRET_KEY_INVALID');
    expect(codeOf(() => parseDataKeys(k1.split(':')[1]!))).toBe('SECRET_KEY_INVALID');
    expect(codeOf(() => parseDataKeys(`${k1},${k1}`))).toBe('SECRET_KEY_INVALID');
    try {
      parseDataKeys(`bad id:${k1.split(':')[1]}`);
    } catch (err) {
      expect((err as Error).message).not.toContain(k1.split(':')[1]!.slice(0, 12));
    }
  });
});

describe('sealed fields of a JSON document', () => {
  const ring = Keyring.fromConfig({ keys: generateDataKey('k1') });
  const doc = { id: 'a', user: { username: 'op', password: 'pw-123' }, other: 1 };

  it('seals, opens and masks by dotted path without mutating the input', () => {
    const { value, changed } = sealFields(ring, doc, ['user.password', 'missing.path'], 'row/a');
    expect(changed).toBe(true);
    expect(doc.user.password).toBe('pw-123');
    expect(JSON.stringify(value)).not.toContain('pw-123');
    expect(sealFields(ring, value, ['user.password'], 'row/a').changed).toBe(false);
    expect(openFields(ring, value, ['user.password'], 'row/a')).toEqual(doc);
    expect(codeOf(() => openFields(ring, value, ['user.password'], 'row/b'))).toBe('SECRET_DECRYPT_FAILED');
    expect(maskFields(doc, ['user.password']).user.password).toBe('********');
  });
});

describe('loadKeyring', () => {
  it('embedded: generates one key once into <dataDir>/secrets/data-keys (0600) and logs the file, never the key', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vigie-keys-'));
    const lines: string[] = [];
    const logger = silentLogger();
    Object.assign(logger, { warn: (obj: unknown, msg: string) => lines.push(`${JSON.stringify(obj)} ${msg}`) });
    const first = loadKeyring({ profile: 'embedded', dataDir }, logger);
    const file = dataKeyFile(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(lines).toHaveLength(1);
    const keyText = readFileSync(file, 'utf8').trim();
    expect(lines[0]).toContain(file);
    expect(lines[0]).not.toContain(keyText.split(':')[1]!);
    const sealed = first.seal('x');
    const second = loadKeyring({ profile: 'embedded', dataDir }, logger);
    expect(lines).toHaveLength(1);
    expect(second.open(sealed)).toBe('x');
  });

  it('prefers VIGIE_DATA_KEYS, and the distributed profile refuses to start without it', () => {
    expect(loadKeyring({ keys: generateDataKey('env'), profile: 'distributed' }).currentKeyId).toBe('env');
    expect(codeOf(() => loadKeyring({ keys: null, profile: 'distributed', dataDir: '/tmp' }))).toBe('SECRET_KEY_MISSING');
    expect(() => loadKeyring({ profile: 'distributed' })).toThrow(/VIGIE_DATA_KEYS/);
  });
});
