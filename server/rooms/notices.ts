import type { Logger } from '../logger.ts';
import type { MessageWriter } from '../messages/writer.ts';
import type { Broadcast } from '../realtime/broadcast.ts';

/** System notices (invite, leave, kick, rename): stored as plain Korean text like every stored
 * server string (origin-compatible) and broadcast as `new_message`. */
export type PostNotice = (roomId: number, actorId: number, content: string) => Promise<void>;

/** The membership change a notice describes is already committed, so a failure here is logged,
 * not turned into an error answer. */
export function noticePoster(deps: { writer: MessageWriter; broadcast: Broadcast; logger: Logger }): PostNotice {
  return async (roomId, actorId, content) => {
    try {
      const { view } = await deps.writer.write({ roomId, senderId: actorId, content, encrypted: false, type: 'system' });
      deps.broadcast.emit({ rooms: [roomId] }, 'new_message', view);
    } catch (err) {
      deps.logger.error('system message failed', { roomId, error: (err as Error).stack ?? String(err) });
    }
  };
}

export const noticeText = {
  invited: (inviter: string, invitees: string[]) => `${inviter}님이 ${invitees.join(', ')}님을 초대했습니다.`,
  left: (nickname: string) => `${nickname}님이 나갔습니다.`,
  kicked: (admin: string, target: string) => `${admin}님이 ${target}님을 내보냈습니다.`,
  renamed: (admin: string, name: string) => `${admin}님이 대화방 이름을 '${name}'(으)로 변경했습니다.`,
};
