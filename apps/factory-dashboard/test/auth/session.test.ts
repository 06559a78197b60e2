// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../src/auth/auth-config';
import { safeReturnPath, setCurrentUser, withAccessToken } from '../../src/auth/session';
import type { User } from 'oidc-client-ts';

describe('dashboard auth helpers', () => {
  it('reads auth from /config.json: absent → null (no sign-in), malformed → an error', () => {
    expect(parseAuthConfig({ monitoringUrl: 'http://x', wsUrl: 'ws://x' })).toBeNull();
    expect(parseAuthConfig({ auth: { issuer: 'http://localhost:8088', clientId: 'vigie-dashboard' } })).toEqual({
      issuer: 'http://localhost:8088',
      clientId: 'vigie-dashboard',
    });
    expect(() => parseAuthConfig({ auth: { issuer: 'javascript:alert(1)', clientId: 'x' } })).toThrow(/auth must be/);
    expect(() => parseAuthConfig({ auth: { issuer: 'http://i' } })).toThrow(/auth must be/);
    // An external provider (distributed profile) names its own scopes.
    expect(parseAuthConfig({ auth: { issuer: 'https://kc.plant/realms/vigie', clientId: 'dash', scope: 'openid vigie' } })).toEqual({
      issuer: 'https://kc.plant/realms/vigie',
      clientId: 'dash',
      scope: 'openid vigie',
    });
    expect(() => parseAuthConfig({ auth: { issuer: 'http://i', clientId: 'x', scope: '  ' } })).toThrow(/auth.scope/);
    expect(() => parseAuthConfig({ auth: { issuer: 'http://i', clientId: 'x', scope: 3 } })).toThrow(/auth.scope/);
  });

  it('returns after sign-in only to a path of this app', () => {
    expect(safeReturnPath({ returnTo: '/assets/P-101?tab=rul' })).toBe('/assets/P-101?tab=rul');
    expect(safeReturnPath({ returnTo: 'https://evil.example/' })).toBe('/');
    expect(safeReturnPath({ returnTo: '//evil.example/' })).toBe('/');
    expect(safeReturnPath({ returnTo: '/auth/callback?code=x' })).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
  });

  it('adds the access token to the WebSocket URL only when signed in with a valid token', () => {
    setCurrentUser(null);
    expect(withAccessToken('ws://h:8086/ws/monitoring?sinceSeq=3')).toBe('ws://h:8086/ws/monitoring?sinceSeq=3');
    setCurrentUser({ access_token: 'a.b.c', expired: false } as User);
    expect(withAccessToken('ws://h:8086/ws/monitoring?sinceSeq=3')).toBe('ws://h:8086/ws/monitoring?sinceSeq=3&access_token=a.b.c');
    setCurrentUser({ access_token: 'a.b.c', expired: true } as User);
    expect(withAccessToken('ws://h:8086/ws/monitoring')).toBe('ws://h:8086/ws/monitoring');
    setCurrentUser(null);
  });
});
