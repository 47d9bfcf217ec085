import { AdminRepo } from '../admin/repo.ts';
import { loadConfig } from '../config.ts';
import { openConfiguredDatabase } from '../db/client.ts';
import type { Command } from './command.ts';

/** `admin promote <username>`: make an account a platform admin (approved and enabled, so it can
 * sign in) — the way in when no admin is left, or for a second one. A running server sees it at
 * the account's next request; the audit log records it with no actor. */
export const adminCommand: Command = {
  name: 'admin',
  summary: 'platform admin accounts: promote <username>',
  usage: 'promote <username>',
  async run(args, env) {
    const [action, username, ...extra] = args;
    if (action !== 'promote' || !username || extra.length > 0) {
      process.stderr.write(`usage: admin ${adminCommand.usage}\n`);
      return 2;
    }
    const config = loadConfig(env);
    const db = await openConfiguredDatabase(config);
    try {
      const id = await new AdminRepo(db).promote(username);
      if (id === null) {
        process.stderr.write(`no such user: ${username}\n`);
        return 1;
      }
      process.stdout.write(`${username} (id ${id}) is now a platform admin\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
