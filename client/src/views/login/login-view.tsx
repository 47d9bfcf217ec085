import { useState } from 'preact/hooks';
import { NICKNAME_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordChecks } from '../../../../protocol/account-rules.ts';
import { t } from '../../i18n/index.ts';
import { normalizeServerUrl } from '../../net/server-url.ts';
import { errorText } from '../common/error-text.ts';
import { useServices } from '../context.ts';
import { Field } from './field.tsx';

/** Log in, or sign up and then log in. The desktop app also asks for the server (preset by the
 * launcher's --server, else the remembered one; kept for the next start) and names the device; the
 * browser talks to the server that served it. A sign-up waiting for an administrator's approval
 * says so instead of logging in. The username field has the focus, whatever is shown above it. */
export function LoginView(props: { error?: string }) {
  const { platform, session, api, updates } = useServices();
  const desktop = platform.kind === 'neutralino';
  const preset = platform.launchServerUrl();
  const [registering, setRegistering] = useState(false);
  const [serverUrl, setServerUrl] = useState(() => preset ?? platform.defaultServerUrl());
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [nickname, setNickname] = useState('');
  const [deviceName, setDeviceName] = useState(() => platform.defaultDeviceName());
  const [remember, setRemember] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(() => props.error ?? (preset !== null && !normalizeServerUrl(preset) ? t('login.server_invalid') : null));
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setNotice(null);
    const url = platform.canChooseServer ? normalizeServerUrl(serverUrl) : undefined;
    if (url === null) return setError(t('login.server_invalid'));
    setBusy(true);
    try {
      if (url) {
        api.baseUrl = url;
        // Nothing there, or another web server: said as such, not as a failed login. The answer is
        // also this version's update policy.
        const policy = await updates.check().catch(() => null);
        if (!policy) return setError(t('login.server_unreachable', { url }));
        if (policy.force_update) return; // the update screen takes over
      }
      if (registering) {
        // An empty nickname means "same as the username" (the server's rule).
        const res = await api.call('POST /api/register', { body: { username, password, nickname: nickname.trim() }, noRetry: true });
        if (res?.pending_approval) {
          setNotice(t('register.pending'));
          setRegistering(false);
          setPassword('');
          return;
        }
      }
      await session.login({ username, password, remember, serverUrl: url, deviceName: desktop ? deviceName.trim() || undefined : undefined });
      if (url) platform.settings.set('server_url', url);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const title = t(registering ? 'register.title' : 'login.title');
  return (
    <main class="login">
      <form class="login-card stack" data-testid="login-form" onSubmit={submit} aria-labelledby="login-title">
        <div class="login-brand">
          <span class="splash-mark" aria-hidden="true" />
          <span>{t('app.title')}</span>
        </div>
        <h1 id="login-title">{title}</h1>
        {platform.canChooseServer && (
          <Field label={t('login.server_url')} value={serverUrl} onInput={setServerUrl} testId="login-server" autoComplete="url" required />
        )}
        <Field label={t('login.username')} value={username} onInput={setUsername} testId="login-username" autoComplete="username" autoFocus required />
        <Field
          label={t('login.password')}
          type="password"
          value={password}
          onInput={setPassword}
          testId="login-password"
          autoComplete={registering ? 'new-password' : 'current-password'}
          required
        >
          {registering && <PasswordRule password={password} />}
        </Field>
        {registering && (
          <Field label={t('register.nickname')} value={nickname} onInput={setNickname} testId="register-nickname" hint={t('register.nickname_hint')} limit={NICKNAME_MAX_LENGTH} />
        )}
        {desktop && <Field label={t('login.device_name')} value={deviceName} onInput={setDeviceName} testId="login-device-name" />}
        <label class="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} data-testid="login-remember" />
          <span>{t('login.remember')}</span>
        </label>
        {error && (
          <p class="form-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        {notice && (
          <p class="form-notice" role="status" data-testid="login-notice">
            {notice}
          </p>
        )}
        <button type="submit" class="button primary wide" data-testid="login-submit" disabled={busy}>
          {busy ? t(registering ? 'register.submitting' : 'login.submitting') : t(registering ? 'register.submit' : 'login.submit')}
        </button>
        <p class="login-switch">
          <span class="muted">{t(registering ? 'login.have_account' : 'login.no_account')}</span>{' '}
          <button
            type="button"
            class="link-button"
            data-testid="register-toggle"
            onClick={() => {
              setRegistering(!registering);
              setError(null);
            }}
          >
            {t(registering ? 'register.back' : 'register.toggle')}
          </button>
        </p>
      </form>
    </main>
  );
}

/** The server's password rule, shown before the first try and ticked off while typing. */
function PasswordRule({ password }: { password: string }) {
  const met = passwordChecks(password);
  const part = (ok: boolean, key: string, n?: number) => (
    <li class={ok ? 'met' : undefined} data-met={ok}>
      <span aria-hidden="true">{ok ? '✓' : '•'}</span> {t(key, n === undefined ? {} : { n })}
    </li>
  );
  return (
    <ul class="password-rule" data-testid="password-rule">
      {part(met.length, 'register.password_length', PASSWORD_MIN_LENGTH)}
      {part(met.letter, 'register.password_letter')}
      {part(met.digit, 'register.password_digit')}
    </ul>
  );
}
