/**
 * An operator command: `npm run --silent <name> -- …` in a checkout, `./intranet-messenger <name> …`
 * in the binary. It reads the same environment as the server and returns the process exit code
 * (0 ok, 1 failed, 2 bad usage or setting). Output for people goes to stdout, errors to stderr.
 */
export interface Command {
  name: string;
  /** One line for `--help`. */
  summary: string;
  /** e.g. "--out <dir>"; shown in `--help` and on a usage error. */
  usage: string;
  run(args: string[], env: Record<string, string | undefined>): Promise<number>;
}
