import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, IdentityError, parseRoles, verifyPassword } from '../src/identity';
import { LoginThrottle } from '../src/identity/login-throttle';
import { escapeHtml, loginPage, pickLang } from '../src/identity/pages';

describe('identity parts', () => {
  it('hashes with scrypt and a per-user salt; verifies in constant time; rejects short passwords', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).not.toBe(b); // different salts
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    await expect(hashPassword('short')).rejects.toMatchObject({ code: 'IDENTITY_PASSWORD_TOO_SHORT' });
    await expect(verifyPassword('x', 'plain-text')).rejects.toBeInstanceOf(IdentityError);
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('accepts only the six role names', () => {
    expect(parseRoles(['technician', 'viewer', 'viewer'])).toEqual(['technician', 'viewer']);
    expect(() => parseRoles(['service'])).toThrow(/IDENTITY_ROLE_INVALID/);
    expect(() => parseRoles([])).toThrow(/IDENTITY_ROLE_INVALID/);
  });

  it('throttles a user+IP after 5 failures within the window, and forgets after it or on success', () => {
    let now = 0;
    const t = new LoginThrottle(5, 60_000, () => now);
    for (let i = 0; i < 4; i++) t.fail('Admin', '10.0.0.1');
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(0);
    t.fail('admin', '10.0.0.1');
    now = 1_000;
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(59_000);
    expect(t.retryAfterMs('admin', '10.0.0.2')).toBe(0); // another IP
    expect(t.retryAfterMs('bob', '10.0.0.1')).toBe(0); // another user
    now = 60_000;
    expect(t.retryAfterMs('admin', '10.0.0.1')).toBe(0);
    t.fail('bob', '1.1.1.1');
    t.succeed('bob', '1.1.1.1');
    expect(t.retryAfterMs('bob', '1.1.1.1')).toBe(0);
  });

  it('speaks French or English by Accept-Language and escapes what it echoes', () => {
    expect(pickLang('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(pickLang('en-GB,fr;q=0.5')).toBe('en');
    expect(pickLang('de-DE,fr;q=0.3,en;q=0.2')).toBe('fr');
    expect(pickLang('de,fr;q=0')).toBe('en');
    expect(pickLang(undefined)).toBe('en');
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    const html = loginPage('fr', 'uid-1', { error: 'invalid', userName: '"><script>' });
    expect(html).toContain('Utilisateur ou mot de passe invalide.');
    expect(html).not.toContain('<script>');
    expect(html).toContain('action="/interaction/uid-1/login"');
  });
});
