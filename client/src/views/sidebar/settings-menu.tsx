import { useEffect, useRef } from 'preact/hooks';
import { type LanguagePreference, languagePreference, t } from '../../i18n/index.ts';
import { confirmInApp } from '../common/confirm.tsx';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { type ThemePreference, themePreference } from '../theme.ts';
import { AutostartToggle } from './autostart-toggle.tsx';
import { ProfileImageField } from './profile-image-field.tsx';

/** The sidebar menu: language, theme, start at login (desktop only), account settings, the admin
 * area (platform admins), logout. Logging out with
 * unsent messages asks first; they stay in the outbox for the next login. Escape or a click
 * outside closes it. */
export function SettingsMenu(props: { onClose(restoreFocus: boolean): void; onOpen?(panel: 'account' | 'admin'): void }) {
  const services = useServices();
  const { platform, session, sender } = services;
  const language = languagePreference.value;
  const theme = themePreference.value;
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    box.current?.querySelector<HTMLElement>('select')?.focus();
    const onDown = (e: MouseEvent) => {
      const target = e.target as Element | null;
      if (box.current && !box.current.contains(target) && !target?.closest?.('[data-testid=menu-button]')) props.onClose(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, []);

  async function logout() {
    const n = sender.unsent.value;
    if (n > 0 && !(await confirmInApp(t('logout.unsent_confirm', { n }), { confirmLabel: t('logout'), danger: true }))) return;
    props.onClose(false);
    // createServices() adds logout(): the socket goes first, then the session. Plain session
    // logout is the fallback for services without it.
    const full = services as typeof services & { logout?: () => Promise<void> };
    await (full.logout ? full.logout() : session.logout());
  }

  return (
    <div ref={box} class="menu" role="dialog" aria-label={t('menu.open')} onKeyDown={(e) => e.key === 'Escape' && props.onClose(true)}>
      <ProfileImageField />
      <label class="field">
        <span>{t('settings.language')}</span>
        <select
          data-testid="language-select"
          value={language}
          onChange={(e) => (languagePreference.value = e.currentTarget.value as LanguagePreference)}
        >
          <option value="auto">{t('settings.language_auto')}</option>
          <option value="ko">{t('language.ko')}</option>
          <option value="en">{t('language.en')}</option>
        </select>
      </label>
      <label class="field">
        <span>{t('settings.theme')}</span>
        <select data-testid="theme-select" value={theme} onChange={(e) => (themePreference.value = e.currentTarget.value as ThemePreference)}>
          <option value="system">{t('settings.theme_system')}</option>
          <option value="light">{t('settings.theme_light')}</option>
          <option value="dark">{t('settings.theme_dark')}</option>
        </select>
      </label>
      {platform.autostart && <AutostartToggle autostart={platform.autostart} />}
      {props.onOpen && (
        <button type="button" class="button ghost menu-item" data-testid="open-account" onClick={() => props.onOpen?.('account')}>
          <Icon name="edit" size={16} /> {t('account.open')}
        </button>
      )}
      {props.onOpen && session.user?.is_platform_admin && (
        <button type="button" class="button ghost menu-item" data-testid="open-admin" onClick={() => props.onOpen?.('admin')}>
          <Icon name="users" size={16} /> {t('admin.open')}
        </button>
      )}
      <button type="button" class="button ghost danger menu-logout" data-testid="logout" onClick={() => void logout()}>
        <Icon name="logOut" size={16} /> {t('logout')}
      </button>
    </div>
  );
}
