import type { MessageView, Reaction } from '../../../protocol/rest/messages.ts';
import type { ChatItem } from '../stores.ts';
import { isDeletedContent } from './message-text.ts';

/** A server message as a bubble (text already decrypted by the caller). */
export function itemFromView(
  m: MessageView & { reactions?: Reaction[] },
  text: string,
  replyPreview: ChatItem['replyPreview'],
  me: number | null,
): ChatItem {
  return {
    key: `m:${m.id}`,
    id: m.id,
    clientMsgId: m.client_msg_id,
    roomId: m.room_id,
    senderId: m.sender_id,
    senderName: m.sender_name,
    senderImage: m.sender_image,
    text,
    type: m.message_type,
    fileName: m.file_name,
    createdAt: m.created_at,
    editedAt: m.edited_at,
    deleted: isDeletedContent(m),
    replyTo: m.reply_to,
    replyPreview,
    reactions: m.reactions ?? [],
    unreadCount: m.unread_count,
    state: 'sent',
    mine: m.sender_id !== null && m.sender_id === me,
  };
}

/** The optimistic bubble of a message sent from here, keyed by its client_msg_id for good. */
export function pendingItem(p: {
  clientMsgId: string;
  roomId: number;
  text: string;
  replyTo: number | null;
  replyPreview: ChatItem['replyPreview'];
  createdAt: string;
  state: 'pending' | 'failed';
  error?: string;
  me: { id: number; nickname: string; profile_image: string | null } | null;
}): ChatItem {
  return {
    key: `c:${p.clientMsgId}`,
    id: null,
    clientMsgId: p.clientMsgId,
    roomId: p.roomId,
    senderId: p.me?.id ?? null,
    senderName: p.me?.nickname ?? null,
    senderImage: p.me?.profile_image ?? null,
    text: p.text,
    type: 'text',
    fileName: null,
    createdAt: p.createdAt,
    editedAt: null,
    deleted: false,
    replyTo: p.replyTo,
    replyPreview: p.replyPreview,
    reactions: [],
    unreadCount: 0,
    state: p.state,
    mine: true,
    ...(p.error ? { error: p.error } : {}),
  };
}
