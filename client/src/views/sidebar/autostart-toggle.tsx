import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import type { Autostart } from '../../platform/types.ts';

/** "Start at login" (desktop only). The OS entry is the truth: read when the menu opens, and read
 * again after a change, so a change that failed (logged by the platform) shows as not made. */
export function AutostartToggle(props: { autostart: Autostart }) {
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => void props.autostart.isEnabled().then(setOn), []);

  async function change(value: boolean) {
    setOn(value);
    await props.autostart.setEnabled(value).catch(() => {});
    setOn(await props.autostart.isEnabled());
  }

  return (
    <label class="check">
      <input type="checkbox" checked={on ?? false} disabled={on === null} onChange={(e) => void change(e.currentTarget.checked)} data-testid="autostart" />
      <span>{t('settings.autostart')}</span>
    </label>
  );
}
