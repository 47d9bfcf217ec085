import { t } from '../../i18n/index.ts';
import type { ChatItem } from '../../stores.ts';
import { Icon } from '../common/icons.tsx';
import { Attachment } from '../files/attachment.tsx';
import { Collapsible } from './collapsible.tsx';
import { FormattedText } from './formatted-text.tsx';

/** The bubble's content: reply preview, the text (Markdown, long ones collapsed) or a file or the
 * deleted line, "(edited)". */
export function MessageBubble({ item }: { item: ChatItem }) {
  return (
    <div class={item.file ? 'bubble bubble-file' : 'bubble'}>
      {item.replyPreview && !item.deleted && (
        <div class="reply-preview">
          <strong>{item.replyPreview.sender ?? t('chat.unknown_sender')}</strong>
          <span>{item.replyPreview.text}</span>
        </div>
      )}
      {item.deleted ? (
        <span class="msg-text deleted">{t('chat.deleted')}</span>
      ) : (item.type === 'file' || item.type === 'image') && item.file ? (
        <Attachment file={item.file} type={item.type} />
      ) : item.type === 'file' || item.type === 'image' ? (
        <span class="msg-text msg-file">
          <Icon name="file" size={14} /> {t(item.type === 'image' ? 'preview.photo' : 'preview.file')}
        </span>
      ) : (
        <div class="msg-text">
          <Collapsible text={item.text}>
            <FormattedText text={item.text} />
          </Collapsible>
        </div>
      )}
      {item.editedAt && !item.deleted && <span class="msg-edited">{t('chat.edited')}</span>}
    </div>
  );
}
