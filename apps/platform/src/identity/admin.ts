import path from 'node:path';
import { PgliteDatabase, PostgresDatabase, quoteIdentifier, SharedSchemaHost, type Database, type Keyring } from '@vigie/service-kit';
import type { PlatformSettings } from '../settings';
import { migrateIdentity } from './issuer';
import { IdentityKeys } from './keys';
import { generatePassword } from './passwords';
import { UserRepository } from './users';

/**
 * `vigie users …` and `vigie keys rotate`: the issuer's tables opened directly. Embedded profile: the data
 * directory's PGlite cluster, which allows one process at a time — stop the platform first (it reads users on each
 * sign-in, keys at start: restart it after `keys rotate`). Distributed profile: schema `identity` of DATABASE_URL.
 */
export async function openIdentityDatabase(s: PlatformSettings): Promise<{ db: Database; close(): Promise<void> }> {
  if (s.profile === 'embedded') {
    const host = new SharedSchemaHost(await PgliteDatabase.open({ dataDir: path.join(s.dataDir, 'pglite') }));
    const db = host.forSchema('identity');
    await migrateIdentity(db);
    return { db, close: () => host.close() };
  }
  if (!s.databaseUrl) throw new Error('the distributed profile needs DATABASE_URL');
  const setup = await PostgresDatabase.fromConfig({ url: s.databaseUrl, poolSize: 1, applicationName: 'vigie-identity-setup' });
  try {
    await setup.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier('identity')}`);
  } finally {
    await setup.close();
  }
  const db = await PostgresDatabase.fromConfig({
    url: s.databaseUrl,
    poolSize: 2,
    applicationName: 'vigie-identity',
    searchPath: ['identity', 'public'],
  });
  await migrateIdentity(db);
  return { db, close: () => db.close() };
}

async function readSecretLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}

/**
 * The password of `users add` / `users passwd`: the first line of stdin when it is piped (`… < file`); on a terminal,
 * a random one printed once (so it never sits in shell history or in a process argument).
 */
async function passwordFromStdin(print: (t: string) => void, user: string): Promise<string> {
  if (!process.stdin.isTTY) return readSecretLine();
  const password = generatePassword();
  print(`password of ${user} (shown once): ${password}\n`);
  return password;
}

export async function usersCommand(
  s: PlatformSettings,
  sub: string | undefined,
  args: { name?: string; roles?: string[] },
  print: (t: string) => void = (t) => process.stdout.write(t),
): Promise<void> {
  const { db, close } = await openIdentityDatabase(s);
  try {
    const users = new UserRepository(db);
    switch (sub) {
      case 'list':
        for (const u of await users.list()) print(`${u.name}\t${u.roles.join(',')}\t${u.createdAt.toISOString()}\n`);
        return;
      case 'add': {
        if (!args.name) throw new Error('vigie users add <name> --role <role> [--role <role>…]');
        const user = await users.add(args.name, await passwordFromStdin(print, args.name), args.roles ?? []);
        print(`added ${user.name} (${user.roles.join(', ')})\n`);
        return;
      }
      case 'passwd':
        if (!args.name) throw new Error('vigie users passwd <name>');
        await users.setPassword(args.name, await passwordFromStdin(print, args.name));
        print(`password of ${args.name} changed\n`);
        return;
      case 'roles':
        if (!args.name) throw new Error('vigie users roles <name> --role <role> [--role <role>…]');
        await users.setRoles(args.name, args.roles ?? []);
        print(`roles of ${args.name} set\n`);
        return;
      default:
        throw new Error('vigie users list | add <name> --role <r>… | passwd <name> | roles <name> --role <r>…');
    }
  } finally {
    await close();
  }
}

export async function keysCommand(
  s: PlatformSettings,
  sub: string | undefined,
  keyring: Keyring,
  print: (t: string) => void = (t) => process.stdout.write(t),
): Promise<void> {
  if (sub !== 'rotate') throw new Error('vigie keys rotate');
  const { db, close } = await openIdentityDatabase(s);
  try {
    const { kid, retiring } = await new IdentityKeys(db, keyring).rotate();
    print(
      `new signing key ${kid} (signs after the next start); kept for verification until they expire: ${retiring.join(', ') || 'none'}\n`,
    );
  } finally {
    await close();
  }
}
