import { ApiError } from '../http/api-error.ts';
import type { Membership } from '../members/membership.ts';
import type { MemberRepo } from '../members/repo.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { SocketFeature } from '../realtime/socket-server.ts';
import type { MessageMutations } from './mutations.ts';
import type { MessageRepo } from './repo.ts';
import type { MessageWriter } from './writer.ts';

/** The files feature's check of an upload token; messages never read the upload tables. */
export interface UploadTokenCheck {
  /** The token's hash when it is valid for this sender, room and type; throws the reason
   * (UPLOAD_TOKEN_*, UPLOAD_FILE_NOT_FOUND) otherwise. The writer re-checks it atomically. */
  check(token: string, use: { userId: number; roomId: number; type: 'file' | 'image' }): Promise<{ tokenHash: string }>;
}

export interface MessageSocketDeps {
  messages: MessageRepo;
  members: MemberRepo;
  membership: Membership;
  writer: MessageWriter;
  mutations: MessageMutations;
  broadcast: Broadcast;
  uploads: UploadTokenCheck;
}

/** send_message, message_read, edit_message and delete_message. */
export function messageSocket(deps: MessageSocketDeps): SocketFeature {
  const { membership, broadcast } = deps;
  return {
    register({ socket, on }) {
      const { userId } = socket.data;

      on(
        'send_message',
        async (msg) => {
          if (!(await membership.isMember(userId, msg.room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
          if (msg.reply_to !== null && !(await deps.messages.inRoom(msg.reply_to, msg.room_id))) throw new ApiError('REPLY_TO_INVALID');
          let upload: { tokenHash: string } | null = null;
          if (msg.type !== 'text') {
            // A resend of a file message answers the first one whatever its token has become (origin order).
            const earlier = msg.client_msg_id ? await deps.messages.byClientMsgId(msg.room_id, userId, msg.client_msg_id) : null;
            if (earlier !== null) return { message_id: earlier, duplicate: true };
            upload = await deps.uploads.check(msg.upload_token!, { userId, roomId: msg.room_id, type: msg.type });
          }
          // Only the room's members can be mentioned; others are dropped, not refused (one may have just left).
          const mentions = await membersOnly(membership, msg.room_id, msg.mentions);
          const { view, duplicate } = await deps.writer.write({
            roomId: msg.room_id,
            senderId: userId,
            content: msg.content,
            encrypted: msg.encrypted,
            keyVersion: msg.type === 'text' && msg.encrypted ? (msg.key_version ?? 1) : null,
            type: msg.type,
            clientMsgId: msg.client_msg_id,
            replyTo: msg.reply_to,
            mentions,
            upload,
          });
          // Committed: broadcast once; a resend of the same client_msg_id is ACKed with the same id only.
          if (!duplicate) broadcast.emit({ rooms: [view.room_id] }, 'new_message', view);
          return { message_id: view.id, ...(duplicate ? { duplicate: true } : {}) };
        },
        'MESSAGE_SEND_FAILED',
      );

      on('message_read', async ({ room_id, message_id }) => {
        if (!(await membership.isMember(userId, room_id))) throw new ApiError('ROOM_ACCESS_DENIED');
        if (!(await deps.messages.inRoom(message_id, room_id))) throw new ApiError('MESSAGE_ROOM_MISMATCH');
        // read_updated goes out only when the pointer moved.
        const updated = await deps.members.advanceReadPointer(room_id, userId, message_id);
        if (updated) broadcast.emit({ rooms: [room_id] }, 'read_updated', { room_id, user_id: userId, message_id });
        return { updated };
      });

      on(
        'edit_message',
        async ({ message_id, content, encrypted, key_version, mentions }) => {
          const ev = await deps.mutations.edit(userId, message_id, { content, encrypted, keyVersion: key_version ?? 1, mentions });
          return { message_id, edited_at: ev.edited_at };
        },
        'MESSAGE_EDIT_FAILED',
      );

      on(
        'delete_message',
        async ({ message_id }) => {
          await deps.mutations.delete(userId, message_id);
          return { message_id };
        },
        'MESSAGE_DELETE_FAILED',
      );
    },
  };
}

async function membersOnly(membership: Membership, roomId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return ids;
  const member = await Promise.all(ids.map((id) => membership.isMember(id, roomId)));
  return ids.filter((_, i) => member[i]);
}
