import type { SystemParty, SystemPayload } from '../../protocol/rest/system-payload.ts';
import { systemText } from '../../protocol/system-text.ts';
import type { Logger } from '../logger.ts';
import type { MessageWriter } from '../messages/writer.ts';
import type { Broadcast } from '../realtime/broadcast.ts';

/** System notices (invite, leave, kick, rename), broadcast as `new_message`. Each is stored twice
 * over: as plain Korean text in `content`, like every stored server string (origin clients show
 * it), and as its structured payload, which newer clients word in their reader's language. The
 * Korean text is the payload worded in Korean (protocol/system-text.ts), so the two agree. */
export type PostNotice = (roomId: number, payload: SystemPayload) => Promise<void>;

/** The membership change a notice describes is already committed, so a failure here is logged,
 * not turned into an error answer. */
export function noticePoster(deps: { writer: MessageWriter; broadcast: Broadcast; logger: Logger }): PostNotice {
  return async (roomId, payload) => {
    try {
      const content = systemText(payload, 'ko')!;
      const { view } = await deps.writer.write({ roomId, senderId: payload.actor.id, content, encrypted: false, type: 'system', system: payload });
      deps.broadcast.emit({ rooms: [roomId] }, 'new_message', view);
    } catch (err) {
      deps.logger.error('system message failed', { roomId, error: (err as Error).stack ?? String(err) });
    }
  };
}

/** A person as a notice names them: their nickname now, kept with the notice. */
export const party = (id: number, nicknames: ReadonlyMap<number, string>): SystemParty => ({ id, nickname: nicknames.get(id) ?? '' });
