import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readServiceClients, serviceClientEnv, serviceTokenProvider } from '../src/service-clients';
import { externalDashboardAuth, loadSettings } from '../src/settings';

describe('authentication settings (issue 9: on by default)', () => {
  it('runs the embedded issuer by default in the embedded profile; VIGIE_AUTH=off is the explicit opt-out', () => {
    expect(loadSettings({}).auth.mode).toBe('embedded');
    expect(loadSettings({ VIGIE_AUTH: '' }).auth.mode).toBe('embedded');
    expect(loadSettings({ VIGIE_AUTH: 'off' }).auth.mode).toBe('off');
    expect(loadSettings({ VIGIE_AUTH: 'embedded' }).auth.mode).toBe('embedded');
    expect(() => loadSettings({ VIGIE_AUTH: 'on' })).toThrow('VIGIE_AUTH must be off or embedded, not on');
  });

  it('runs no embedded issuer in the distributed profile (VIGIE_PROFILE or the --profile override)', () => {
    expect(loadSettings({ VIGIE_PROFILE: 'distributed' }).auth.mode).toBe('off');
    expect(loadSettings({}, { profile: 'distributed' }).auth.mode).toBe('off');
    expect(loadSettings({ VIGIE_PORT_OFFSET: '100' }).auth).toMatchObject({
      issuerPort: 8188,
      issuerUrl: 'http://localhost:8188',
      clientsFile: null,
    });
  });
});

describe('the distributed dashboard signs in at the external issuer', () => {
  it('is given the issuer of VIGIE_AUTH_ISSUER, its client and scopes, and needs no sign-in without one', () => {
    const distributed = { VIGIE_PROFILE: 'distributed' };
    expect(externalDashboardAuth(loadSettings(distributed))).toBeUndefined();
    expect(externalDashboardAuth(loadSettings({ ...distributed, VIGIE_AUTH_ISSUER: 'https://kc.plant/realms/vigie/' }))).toEqual({
      issuer: 'https://kc.plant/realms/vigie',
      clientId: 'vigie-dashboard',
    });
    expect(
      externalDashboardAuth(
        loadSettings({
          ...distributed,
          VIGIE_AUTH_ISSUER: 'https://login.example/tenant/v2.0',
          VIGIE_DASHBOARD_CLIENT_ID: '6f1c-dashboard',
          VIGIE_DASHBOARD_SCOPE: 'openid profile api://vigie/.default',
        }),
      ),
    ).toEqual({ issuer: 'https://login.example/tenant/v2.0', clientId: '6f1c-dashboard', scope: 'openid profile api://vigie/.default' });
  });
});

describe('VIGIE_AUTH_CLIENTS_FILE (client credentials per service, distributed profile)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-clients-file-'));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it('gives each service its own entry, and none to a service the file does not name', () => {
    const clients = file(
      'ok.json',
      JSON.stringify({ monitoring: { id: 'vigie-monitoring', secret: 'm-secret' }, 'feature-extraction': { id: 'fx', secret: 'f' } }),
    );
    const s = loadSettings({ VIGIE_PROFILE: 'distributed', VIGIE_AUTH_CLIENTS_FILE: clients });
    expect(s.auth.clientsFile).toBe(clients);
    expect(serviceClientEnv(s, 'monitoring')).toEqual({ VIGIE_AUTH_CLIENT_ID: 'vigie-monitoring', VIGIE_AUTH_CLIENT_SECRET: 'm-secret' });
    expect(serviceClientEnv(s, 'feature-extraction')).toEqual({ VIGIE_AUTH_CLIENT_ID: 'fx', VIGIE_AUTH_CLIENT_SECRET: 'f' });
    expect(serviceClientEnv(s, 'preprocessing')).toEqual({});
    expect(serviceClientEnv(loadSettings({ VIGIE_PROFILE: 'distributed' }), 'monitoring')).toEqual({});
  });

  it("builds a service's token provider from its entry, over the environment's own pair", () => {
    const clients = file('ok2.json', JSON.stringify({ monitoring: { id: 'vigie-monitoring', secret: 'm' } }));
    const env = { VIGIE_AUTH_ISSUER: 'http://issuer.invalid', VIGIE_AUTH_CLIENT_ID: 'from-env', VIGIE_AUTH_CLIENT_SECRET: 'e' };
    const s = loadSettings({ VIGIE_PROFILE: 'distributed', VIGIE_AUTH_CLIENTS_FILE: clients });
    expect(serviceTokenProvider(s, 'monitoring', env)?.clientId).toBe('vigie-monitoring');
    expect(serviceTokenProvider(s, 'preprocessing', env)?.clientId).toBe('from-env');
    expect(serviceTokenProvider(s, 'preprocessing', { VIGIE_AUTH_ISSUER: 'http://issuer.invalid' })).toBeNull();
    // An entry but no way to the token endpoint: a clear error at start, not a 401 later.
    expect(() => serviceTokenProvider(s, 'monitoring', {})).toThrow('needs VIGIE_AUTH_TOKEN_URL or VIGIE_AUTH_ISSUER');
  });

  it('refuses a file that is missing, not JSON, names an unknown service or lacks an id or a secret', () => {
    expect(() => readServiceClients(path.join(dir, 'absent.json'))).toThrow(
      /VIGIE_AUTH_CLIENTS_FILE .*absent\.json cannot be read as JSON/,
    );
    expect(() => readServiceClients(file('bad.json', '{"monitoring":'))).toThrow('cannot be read as JSON');
    expect(() => readServiceClients(file('array.json', '[]'))).toThrow('must hold an object');
    expect(() => readServiceClients(file('unknown.json', '{"billing": {"id": "a", "secret": "b"}}'))).toThrow('unknown service billing');
    expect(() => readServiceClients(file('nosecret.json', '{"monitoring": {"id": "a"}}'))).toThrow(
      'monitoring needs a non-empty "id" and "secret"',
    );
    expect(() => readServiceClients(file('empty.json', '{"monitoring": {"id": "a", "secret": ""}}'))).toThrow('needs a non-empty');
  });
});
