import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { Command } from './command.ts';

/** The names a self-signed certificate for a trial should answer to: localhost, this machine's
 * name and its non-internal addresses (as the origin's generate_cert.py), plus any --host. */
export function defaultHosts(): string[] {
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && !a.address.startsWith('fe80:'))
    .map((a) => a!.address.split('%')[0]!);
  return [...new Set(['localhost', os.hostname(), '127.0.0.1', '::1', ...addresses])];
}

/** A self-signed certificate (RSA-2048, SHA-256) for `hosts`, valid `days` from now. */
export async function selfSignedCertificate(hosts: string[], days: number): Promise<{ cert: string; key: string }> {
  // Loaded here, not with the CLI table: the server itself never needs it.
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: hosts[0] ?? 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + days * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })) },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** `gen-cert [--out <dir>] [--host <name>]... [--days N] [--force]`: a self-signed certificate
 * and key for trials (production should use a certificate from the organisation's CA). */
export const genCert: Command = {
  name: 'gen-cert',
  summary: 'write a self-signed TLS certificate and key (for trials) into DATA_DIR/certs or --out',
  usage: '[--out <dir>] [--host <name|ip>]... [--days <n>] [--force]',
  async run(args, env) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          out: { type: 'string' },
          host: { type: 'string', multiple: true },
          days: { type: 'string', default: '365' },
          force: { type: 'boolean', default: false },
        },
      }));
    } catch (err) {
      process.stderr.write(`gen-cert: ${(err as Error).message}\nusage: gen-cert ${genCert.usage}\n`);
      return 2;
    }
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      process.stderr.write('gen-cert: --days must be a whole number from 1 to 3650\n');
      return 2;
    }
    const badHost = (values.host ?? []).find((h) => !isIP(h) && !/^[A-Za-z0-9*]([A-Za-z0-9.-]{0,252})$/.test(h));
    if (badHost !== undefined) {
      process.stderr.write(`gen-cert: --host ${JSON.stringify(badHost)} is neither a host name nor an IP address\n`);
      return 2;
    }
    const dir = path.resolve(values.out ?? path.join(loadConfig(env).dataDir, 'certs'));
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    if (!values.force && (fs.existsSync(certFile) || fs.existsSync(keyFile))) {
      process.stderr.write(`gen-cert: ${certFile} or ${keyFile} exists; pass --force to replace them\n`);
      return 1;
    }
    const hosts = [...new Set([...(values.host ?? []), ...defaultHosts()])];
    const { cert, key } = await selfSignedCertificate(hosts, days);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(keyFile, key, { mode: 0o600 });
    fs.chmodSync(keyFile, 0o600);
    fs.writeFileSync(certFile, cert, { mode: 0o644 });
    const x509 = new X509Certificate(cert);
    process.stdout.write(
      [
        `certificate: ${certFile}`,
        `key:         ${keyFile}`,
        `names:       ${hosts.join(', ')}`,
        `valid until: ${new Date(x509.validTo).toISOString()}`,
        `SHA-256:     ${x509.fingerprint256}`,
        '',
        'Serve it with:',
        `  TLS_CERT_FILE=${certFile}`,
        `  TLS_KEY_FILE=${keyFile}`,
        'Clients must trust it: see docs/operations.md (TLS).',
        '',
      ].join('\n'),
    );
    return 0;
  },
};
