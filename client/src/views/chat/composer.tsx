import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { Icon } from '../common/icons.tsx';
import { useServices } from '../context.ts';
import { attachErrors, attachFiles } from '../files/attach.ts';
import { ComposeBanner } from './compose-banner.tsx';
import { useComposeMode } from './compose-mode.ts';
import { composerFocus } from './composer-focus.ts';
import { LengthCounter, MESSAGE_MAX, messageLength } from './length-counter.tsx';
import { useMentionPicker } from './mention-picker.tsx';

/** Unsent drafts per room, for this run of the app. */
const drafts = new Map<number, string>();
const MAX_HEIGHT = 180;

/** The message box: Enter sends, Shift+Enter breaks the line (and Enter while a Korean IME is
 * composing only commits the syllable), the box grows with its text. Sending works offline too:
 * the pipeline queues and delivers on reconnect. */
export function Composer({ roomId }: { roomId: number }) {
  const { chat, sender, realtime, actions } = useServices();
  const status = realtime.status.value;
  const focusRequest = composerFocus.value;
  const [text, setText] = useState(() => drafts.get(roomId) ?? '');
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const refused = attachErrors.value?.roomId === roomId ? attachErrors.value.messages : [];
  const length = messageLength(text);
  const tooLong = length > MESSAGE_MAX;

  const grow = () => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    if (el.scrollHeight > 0) el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
  };
  useEffect(() => {
    grow();
    return () => chat.typing(roomId, false);
  }, []);
  useEffect(() => box.current?.focus(), [focusRequest]);

  const update = (value: string) => {
    setText(value);
    drafts.set(roomId, value);
    requestAnimationFrame(grow);
  };
  // Reply and edit (compose-mode.ts).
  const compose = useComposeMode({ roomId, text, update, chat, actions });
  const mention = useMentionPicker(roomId, box, update);

  const send = () => {
    const body = text.trim();
    // Over the limit the text stays in the box; the counter says why.
    if (!body || tooLong) return;
    chat.typing(roomId, false);
    if (compose.mode?.kind === 'edit') return void compose.saveEdit(body, mention.take(body, compose.mode.item.mentioned));
    update('');
    drafts.delete(roomId);
    const replyTo = compose.takeReplyTo();
    const mentions = mention.take(body);
    const opts = { ...(replyTo ? { replyTo } : {}), ...(mentions.length ? { mentions } : {}) };
    void (Object.keys(opts).length ? sender.send(roomId, body, opts) : sender.send(roomId, body));
    requestAnimationFrame(grow);
    box.current?.focus();
  };

  /** Pasted images (a screenshot) are sent as files; pasted text stays text. */
  function onPaste(e: ClipboardEvent) {
    const images = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (images.length === 0) return;
    e.preventDefault();
    void attachFiles(sender, roomId, images);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (mention.onKey(e)) return;
    if (compose.onKeyDown(e)) return e.preventDefault();
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      send();
    }
  }

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {status === 'disconnected' && <p class="composer-offline">{t('message.offline')}</p>}
      {refused.length > 0 && (
        <p class="composer-refused" role="alert" data-testid="attach-refused">
          {refused.join(' ')}
        </p>
      )}
      {compose.mode && <ComposeBanner mode={compose.mode} error={compose.error} onCancel={compose.cancel} />}
      {mention.list}
      <div class="composer-row">
        <textarea
          ref={box}
          data-testid="composer"
          rows={1}
          value={text}
          placeholder={t('message.placeholder')}
          aria-label={t('message.placeholder')}
          aria-describedby="composer-hint composer-counter"
          aria-invalid={tooLong}
          {...mention.boxProps}
          onInput={(e) => {
            update(e.currentTarget.value);
            mention.update(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length);
            grow();
            if (e.currentTarget.value) chat.typing(roomId, true);
          }}
          onKeyDown={onKeyDown}
          onClick={(e) => mention.update(e.currentTarget.value, e.currentTarget.selectionStart ?? 0)}
          onPaste={onPaste}
          onBlur={() => chat.typing(roomId, false)}
        />
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="attach-input"
          onChange={(e) => {
            const input = e.currentTarget;
            void attachFiles(sender, roomId, Array.from(input.files ?? []));
            input.value = '';
          }}
        />
        <button type="button" class="attach-button" data-testid="attach-button" onClick={() => picker.current?.click()} aria-label={t('upload.attach')} title={t('upload.attach')}>
          <Icon name="paperclip" />
        </button>
        <button type="submit" class="send-button" data-testid="send-button" disabled={!text.trim() || tooLong} aria-label={t('message.send')} title={t('message.send')}>
          <Icon name="send" />
        </button>
      </div>
      <div class="composer-foot">
        <p id="composer-hint" class="composer-hint">
          {t('message.hint')}
        </p>
        <LengthCounter length={length} id="composer-counter" />
      </div>
    </form>
  );
}
