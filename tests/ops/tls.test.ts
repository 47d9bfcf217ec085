import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { healthResponseSchema } from '../../protocol/rest/system.ts';
import { genCert as genCertCommand } from '../../server/cli/gen-cert.ts';
import { root } from '../helpers/entry.ts';
import { PASSWORD, api, uniqueName } from '../helpers/http.ts';
import { useServer, withServer } from '../helpers/suite.ts';

const env = useServer({ env: { ENFORCE_HTTPS: 'true' } });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'messenger-tls-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function genCert(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'gen-cert', '--', ...args], { cwd: root, env: { ...process.env, DATA_DIR: tmp } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** One HTTPS request trusting only `ca`; resolves with the status, headers and the server's certificate. */
function httpsGet(url: string, ca: string | undefined, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; fingerprint: string; body: string }>((resolve, reject) => {
    const req = https.request(url, { method, ca, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, fingerprint, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('ENFORCE_HTTPS', () => {
  it('redirects plain HTTP to https:// on the default port, keeping path, query and method (308)', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await fetch(`${env.t.url}/api/rooms?x=1`, { method, redirect: 'manual' });
      expect(res.status).toBe(308);
      expect(res.headers.get('location')).toBe('https://127.0.0.1/api/rooms?x=1');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    }
  });

  it('leaves the probes on plain HTTP (readiness, metrics)', async () => {
    expect((await fetch(`${env.t.url}/api/system/ready`, { redirect: 'manual' })).status).toBe(200);
    expect((await fetch(`${env.t.url}/metrics`, { redirect: 'manual' })).status).toBe(200);
  });

  it('believes X-Forwarded-Proto only behind TRUST_PROXY', async () => {
    const viaProxy = { 'x-forwarded-proto': 'https' };
    expect((await fetch(`${env.t.url}/api/rooms`, { headers: viaProxy, redirect: 'manual' })).status).toBe(308);
    await withServer({ env: { ENFORCE_HTTPS: 'true', TRUST_PROXY: 'true' } }, async (s) => {
      const proxied = await fetch(`${s.url}/api/rooms`, { headers: viaProxy, redirect: 'manual' });
      expect(proxied.status).toBe(401);
      const plain = await fetch(`${s.url}/api/rooms`, { headers: { 'x-forwarded-proto': 'http' }, redirect: 'manual' });
      expect(plain.status).toBe(308);
    });
  });
});

describe('MESSENGER_ENV=production', () => {
  it('turns USE_HTTPS on: HSTS and Secure cookies', async () => {
    await withServer({ env: { MESSENGER_ENV: 'production' } }, async (s) => {
      const b = api(s.url);
      const username = uniqueName();
      const reg = await b.post('/api/register', { username, password: PASSWORD });
      expect(reg.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const login = await b.post('/api/login', { username, password: PASSWORD });
      expect(login.headers.getSetCookie().length).toBeGreaterThan(0);
      for (const c of login.headers.getSetCookie()) expect(c).toMatch(/; Secure/);
    });
  });
});

describe('gen-cert and serving TLS', () => {
  it('makes a certificate the server serves; a client trusting it (or pinning its SHA-256) connects, others are refused', async () => {
    const out = path.join(tmp, 'certs');
    const made = await genCert(['--out', out, '--host', 'messenger.test', '--days', '30']);
    expect(made.code, made.stderr).toBe(0);
    const certFile = path.join(out, 'cert.pem');
    const keyFile = path.join(out, 'key.pem');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const cert = fs.readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(cert);
    expect(x509.subjectAltName).toContain('DNS:messenger.test');
    expect(x509.subjectAltName).toContain('DNS:localhost');
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(x509.checkPrivateKey((await import('node:crypto')).createPrivateKey(fs.readFileSync(keyFile)))).toBe(true);
    expect(Date.parse(x509.validTo) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(Date.parse(x509.validTo) - Date.now()).toBeLessThan(31 * 86_400_000);
    expect(made.stdout).toContain(x509.fingerprint256);

    // Never over a certificate in place, unless told to; bad options are usage errors (in process: fast).
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await genCertCommand.run(['--out', out], {})).toBe(1);
      expect(await genCertCommand.run(['--out', out, '--days', 'forever'], {})).toBe(2);
      expect(await genCertCommand.run(['--out', out, '--host', 'bad host'], {})).toBe(2);
      expect(await genCertCommand.run(['--out', out, '--nope'], {})).toBe(2);
    } finally {
      errors.mockRestore();
    }
    expect(new X509Certificate(fs.readFileSync(certFile)).fingerprint256).toBe(x509.fingerprint256);

    await withServer({ env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } }, async (s) => {
      expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ready = await httpsGet(`${s.url}/api/system/ready`, cert);
      expect(ready.status).toBe(200);
      expect(ready.fingerprint).toBe(x509.fingerprint256);
      expect(ready.headers['strict-transport-security']).toContain('max-age=');
      await expect(httpsGet(`${s.url}/api/system/ready`, undefined)).rejects.toThrow(/self.signed/i);

      const username = uniqueName();
      const creds = JSON.stringify({ username, password: PASSWORD });
      expect((await httpsGet(`${s.url}/api/register`, cert, {}, 'POST', creds)).status).toBe(200);
      const login = await httpsGet(`${s.url}/api/device-sessions`, cert, {}, 'POST', creds);
      for (const c of (login.headers['set-cookie'] as string[] | undefined) ?? []) expect(c).toMatch(/; Secure/);
      const token = JSON.parse(login.body).access_token as string;
      const health = healthResponseSchema.parse(JSON.parse((await httpsGet(`${s.url}/api/system/health`, cert, { authorization: `Bearer ${token}` })).body));
      expect(health.tls).toEqual({ configured: true, effective: true, enforce_https: false });
    });
  }, 60_000);
});
