import { ConfigError } from '../config.ts';
import { start } from '../entry/start.ts';
import type { RuntimeParts } from '../server.ts';
import type { Command } from './command.ts';

const version = (): string => process.env.npm_package_version ?? '0.1.0';

function help(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 9);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  usage: ${c.name} ${c.usage}`);
  return [
    'intranet-messenger — self-hosted intranet messenger server',
    '',
    'With no command, starts the server (settings come from the environment: PORT, HOST, DATA_DIR, …).',
    '',
    'Commands:',
    ...lines,
    `  ${'--help'.padEnd(width)}  this text`,
    `  ${'--version'.padEnd(width)}  the server version`,
    '',
  ].join('\n');
}

/** The one entry of every runtime: no arguments starts the server, otherwise an operator command. */
export async function runCli(argv: string[], parts: RuntimeParts = {}): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined) return start(parts);
  // The commands (and what they import) load only when one is asked for: the server itself, and
  // a cluster primary above all, start without them.
  const { commands } = await import('./commands.ts');
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help(commands));
    return;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`unknown command: ${name}\n\n${help(commands)}`);
    process.exit(2);
  }
  try {
    process.exitCode = await command.run(rest, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
