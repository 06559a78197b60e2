import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadMigrations, runMigrations, type Database, type Keyring, type Logger } from '@vigie/service-kit';
import type Provider from 'oidc-provider';
import { CLIENT_OWNERS, dashboardClient, serviceClient, serviceClientId, type ClientOwner } from './clients';
import { IdentityKeys } from './keys';
import { LoginThrottle } from './login-throttle';
import { DatabaseOidcAdapter } from './oidc-adapter';
import { errorPage, loginPage, PAGE_HEADERS, pickLang } from './pages';
import { createProvider } from './provider';
import { UserRepository } from './users';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
const MAX_FORM_BYTES = 8 * 1024;

/** Applies the `identity` schema's migrations (the issuer, the CLI and tests call it before touching the tables). */
export async function migrateIdentity(db: Database): Promise<void> {
  await runMigrations(db, 'identity', await loadMigrations(MIGRATIONS_DIR));
}

export interface IssuerOptions {
  /** Public issuer URL (the `iss` of every token), e.g. http://localhost:8088. */
  readonly issuerUrl: string;
  readonly port: number;
  readonly host: string;
  /** Origins the dashboard is served from: its redirect and post-logout URIs. */
  readonly dashboardOrigins: readonly string[];
  /** The `identity` schema of the platform's database. */
  readonly db: Database;
  /** Seals signing keys and generated secrets at rest. */
  readonly keyring: Keyring;
  readonly logger: Logger;
  /** Where the first-run banner goes (stdout): the only place the first admin password ever appears. */
  readonly print?: (text: string) => void;
  readonly throttle?: LoginThrottle;
}

export interface RunningIssuer {
  readonly url: string;
  readonly provider: Provider;
  /** The secret of a service's confidential client (`vigie-<service>`), for its client_credentials calls. */
  serviceClientSecret(owner: ClientOwner): Promise<string>;
  close(): Promise<void>;
}

export function firstRunBanner(password: string): string {
  const line = '='.repeat(72);
  return [
    '',
    line,
    '  VIGIE FIRST RUN: an administrator account was created',
    '    user:     admin',
    `    password: ${password}`,
    '  This password is shown ONCE and stored only as a scrypt hash.',
    '  Change it with `vigie users passwd admin`; add users with `vigie users add`.',
    line,
    '',
  ].join('\n');
}

/** Creates the first admin when there is no user and prints its password once. Returns whether it did. */
export async function ensureFirstAdmin(users: UserRepository, print: (text: string) => void): Promise<boolean> {
  const password = await users.createFirstAdmin();
  if (password === null) return false;
  print(firstRunBanner(password));
  return true;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

/**
 * The embedded OIDC issuer: oidc-provider on its own HTTP server, plus the sign-in interaction (`/interaction/<uid>`).
 * On start: migrations, first-run admin, signing keys and secrets (generated on first run, sealed), clients.
 */
export async function startIssuer(o: IssuerOptions): Promise<RunningIssuer> {
  await migrateIdentity(o.db);
  await DatabaseOidcAdapter.sweep(o.db);
  const users = new UserRepository(o.db);
  await ensureFirstAdmin(users, o.print ?? ((text) => process.stdout.write(text)));
  const keys = new IdentityKeys(o.db, o.keyring);
  const signingKeys = await keys.signingKeys();
  const serviceClientSecret = (owner: ClientOwner) => keys.secret(`client/${serviceClientId(owner)}`);
  const clients = [dashboardClient(o.dashboardOrigins)];
  for (const service of CLIENT_OWNERS) clients.push(serviceClient(service, await serviceClientSecret(service)));
  const provider = createProvider({
    issuerUrl: o.issuerUrl,
    db: o.db,
    users,
    signingKeys,
    cookieKeys: [await keys.secret('cookie-key')],
    clients,
  });
  provider.on('server_error', (_ctx, err) => o.logger.error({ err }, 'OIDC issuer error'));
  const throttle = o.throttle ?? new LoginThrottle();
  const callback = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> => {
    const lang = pickLang(req.headers['accept-language']);
    let details;
    try {
      details = await provider.interactionDetails(req, res); // checks the interaction cookie: a cross-site post has none
    } catch {
      return send(res, 400, errorPage(lang, 'invalid_request', 'sign-in session expired or invalid; start again from the application'));
    }
    if (details.uid !== uid) return send(res, 400, errorPage(lang, 'invalid_request', 'interaction mismatch'));
    if (details.prompt.name !== 'login') {
      // Consent is implied for first-party clients (loadExistingGrant); any other prompt is not supported here.
      return send(
        res,
        400,
        errorPage(lang, 'invalid_request', `unsupported prompt ${details.prompt.name} (${details.prompt.reasons.join(', ')})`),
      );
    }
    if (req.method === 'GET' && action === undefined) return send(res, 200, loginPage(lang, uid));
    if (req.method !== 'POST' || action !== 'login') return send(res, 405, errorPage(lang, 'invalid_request', 'method not allowed'));
    const form = await readForm(req);
    const name = (form?.get('username') ?? '').trim().toLowerCase().slice(0, 64);
    const password = form?.get('password') ?? '';
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (throttle.retryAfterMs(name, ip) > 0) {
      o.logger.warn({ user: name, ip }, 'sign-in refused: too many failed attempts');
      res.setHeader('retry-after', String(Math.ceil(throttle.retryAfterMs(name, ip) / 1000)));
      return send(res, 429, loginPage(lang, uid, { error: 'throttled', userName: name }));
    }
    const user = name && password ? await users.authenticate(name, password.slice(0, 1024)) : null;
    if (!user) {
      throttle.fail(name, ip);
      o.logger.warn({ user: name, ip }, 'sign-in failed');
      return send(res, 401, loginPage(lang, uid, { error: 'invalid', userName: name }));
    }
    throttle.succeed(name, ip);
    o.logger.info({ user: user.name, client: details.params.client_id }, 'signed in');
    await provider.interactionFinished(req, res, { login: { accountId: user.name } }, { mergeWithLastSubmission: false });
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const m = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login))?$/.exec(path);
    if (m) {
      interaction(req, res, m[1]!, m[2]).catch((err: unknown) => {
        o.logger.error({ err }, 'sign-in interaction failed');
        if (!res.headersSent) send(res, 500, errorPage(pickLang(req.headers['accept-language']), 'server_error', undefined));
      });
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"UP"}');
      return;
    }
    callback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  o.logger.info({ issuer: o.issuerUrl, keys: signingKeys.map((k) => k.kid) }, 'OIDC issuer started');
  return {
    url: o.issuerUrl,
    provider,
    serviceClientSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
