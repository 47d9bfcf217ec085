import { isDeletedContent } from '../../../protocol/message-rules.ts';
import type { MessageView, Reaction } from '../../../protocol/rest/messages.ts';
import type { ChatFile, ChatItem, OutgoingItem } from '../stores.ts';
import { quote } from './message-text.ts';

/** The attachment of a file or image message (a deleted one has none). */
function fileOf(m: MessageView): ChatFile | null {
  if ((m.message_type !== 'file' && m.message_type !== 'image') || !m.file_path) return null;
  return { name: m.file_name ?? '', path: m.file_path, size: m.file_size ?? null, thumbnail: m.thumbnail_path ?? null, local: null };
}

/** A server message as a bubble (text already decrypted by the caller). My messages that carry a
 * client_msg_id keep the key of their local echo, so the bubble is not re-created when it arrives. */
export function itemFromView(
  m: MessageView & { reactions?: Reaction[] },
  text: string,
  replyPreview: ChatItem['replyPreview'],
  me: number | null,
): ChatItem {
  const mine = m.sender_id !== null && m.sender_id === me;
  return {
    key: mine && m.client_msg_id ? `c:${m.client_msg_id}` : `m:${m.id}`,
    id: m.id,
    clientMsgId: m.client_msg_id,
    roomId: m.room_id,
    senderId: m.sender_id,
    senderName: m.sender_name,
    senderImage: m.sender_image,
    text,
    type: m.message_type,
    system: m.system ?? null,
    file: fileOf(m),
    createdAt: m.created_at,
    editedAt: m.edited_at,
    deleted: isDeletedContent(m),
    replyTo: m.reply_to,
    replyPreview,
    reactions: m.reactions ?? [],
    unreadCount: m.unread_count,
    state: 'sent',
    mine,
  };
}

/** An outgoing message of mine as a bubble, keyed by its client_msg_id for good (the server's copy
 * gets the same key: itemFromView). `replied` is the loaded message it answers; `unreadCount`
 * counts once it has an id. */
export function outgoingChatItem(
  o: OutgoingItem,
  me: { id: number; nickname: string; profile_image: string | null } | null,
  replied: ChatItem | undefined,
  unreadCount: number,
): ChatItem {
  return {
    key: `c:${o.clientMsgId}`,
    id: o.id,
    clientMsgId: o.clientMsgId,
    roomId: o.roomId,
    senderId: me?.id ?? null,
    senderName: me?.nickname ?? null,
    senderImage: me?.profile_image ?? null,
    text: o.text,
    type: o.file?.type ?? 'text',
    file: o.file ? { name: o.file.name, path: o.file.path, size: o.file.size, thumbnail: null, local: o.file.blob } : null,
    createdAt: o.createdAt,
    editedAt: null,
    deleted: false,
    replyTo: o.replyTo,
    replyPreview: replied ? { sender: replied.senderName, text: quote(replied.text) } : null,
    reactions: [],
    unreadCount,
    state: o.state,
    mine: true,
    ...(o.error ? { error: o.error } : {}),
  };
}
