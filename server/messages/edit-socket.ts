import { deleteMessagePayloadSchema, editMessagePayloadSchema } from '../../protocol/events.ts';
import type { Services } from '../context.ts';
import { type IoSocket, handle } from '../realtime/handler.ts';
import { deleteMessage, editMessage } from './mutations.ts';

/** edit_message and delete_message: the same checks, writes and events as the REST routes. */
export function registerEditHandlers(socket: IoSocket, s: Services): void {
  const { userId } = socket.data;

  handle(
    socket,
    s,
    'edit_message',
    editMessagePayloadSchema,
    async ({ message_id, content, encrypted }) => {
      const ev = await editMessage(s, userId, message_id, { content, encrypted });
      return { message_id, edited_at: ev.edited_at };
    },
    'MESSAGE_EDIT_FAILED',
  );

  handle(
    socket,
    s,
    'delete_message',
    deleteMessagePayloadSchema,
    async ({ message_id }) => {
      await deleteMessage(s, userId, message_id);
      return { message_id };
    },
    'MESSAGE_DELETE_FAILED',
  );
}
