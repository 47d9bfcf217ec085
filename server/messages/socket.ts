import { ApiError } from '../http/api-error.ts';
import type { Membership } from '../members/membership.ts';
import type { MemberRepo } from '../members/repo.ts';
import type { Broadcast } from '../realtime/broadcast.ts';
import type { SocketFeature } from '../realtime/socket-server.ts';
import type { MessageMutations } from './mutations.ts';
import type { MessageRepo } from './repo.ts';
import type { MessageWriter } from './writer.ts';

export interface MessageSocketDeps {
  messages: MessageRepo;
  members: MemberRepo;
  membership: Membership;
  writer: MessageWriter;
  mutations: MessageMutations;
  broadcast: Broadcast;
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
          if (msg.type !== 'text') throw new ApiError('UPLOAD_TOKEN_INVALID'); // uploads arrive with the files feature
          if (msg.reply_to !== null && !(await deps.messages.inRoom(msg.reply_to, msg.room_id))) throw new ApiError('REPLY_TO_INVALID');
          const { view, duplicate } = await deps.writer.write({
            roomId: msg.room_id,
            senderId: userId,
            content: msg.content,
            encrypted: msg.encrypted,
            type: 'text',
            clientMsgId: msg.client_msg_id,
            replyTo: msg.reply_to,
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
        async ({ message_id, content, encrypted }) => {
          const ev = await deps.mutations.edit(userId, message_id, { content, encrypted });
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
