import { signal } from '@preact/signals';
import { t } from '../../i18n/index.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

interface Question {
  title: string;
  message: string;
  confirmLabel: string;
  danger: boolean;
  answer(ok: boolean): void;
}

/** The question on screen (one at a time: a second ask answers the first with "no"). */
const asking = signal<Question | null>(null);

/** Ask a yes/no question in an in-app dialog from anywhere (never the browser's native confirm
 * box, which blocks the page and cannot be styled or translated). Resolves false on Cancel,
 * Escape or a click outside. <ConfirmHost/> must be mounted. */
export function confirmInApp(message: string, opts: { title?: string; confirmLabel?: string; danger?: boolean } = {}): Promise<boolean> {
  asking.peek()?.answer(false);
  return new Promise((resolve) => {
    const question: Question = {
      title: opts.title ?? t('confirm.title'),
      message,
      confirmLabel: opts.confirmLabel ?? t('confirm.ok'),
      danger: opts.danger ?? false,
      answer(ok) {
        if (asking.peek() === question) asking.value = null;
        resolve(ok);
      },
    };
    asking.value = question;
  });
}

/** Shows the pending question, if any. Mounted once, at the app's root. */
export function ConfirmHost() {
  const q = asking.value;
  if (!q) return null;
  return (
    <ConfirmDialog
      testId="confirm-dialog"
      title={q.title}
      message={q.message}
      confirmLabel={q.confirmLabel}
      danger={q.danger}
      onConfirm={() => q.answer(true)}
      onCancel={() => q.answer(false)}
    />
  );
}
