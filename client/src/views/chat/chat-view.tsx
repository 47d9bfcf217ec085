import { useMemo } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { useServices } from '../context.ts';
import { PollBanner } from '../polls/poll-banner.tsx';
import { roomName } from '../sidebar/room-display.ts';
import { ChatHeader } from './chat-header.tsx';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { TypingLine } from './typing-line.tsx';

/** The open room: header, open polls, messages, who is typing, the composer. Re-mounted per room (keyed by
 * the caller), so every room opens at its bottom with its own draft. */
export function ChatView({ roomId }: { roomId: number }) {
  const { chat, rooms } = useServices();
  const list = rooms.list.value;
  const room = list.find((r) => r.id === roomId);
  const timeline = useMemo(() => chat.open(roomId), [roomId]);
  return (
    <section class="chat" data-testid="chat-view" data-room-id={roomId}>
      <ChatHeader room={room} timeline={timeline} />
      {room && <PollBanner roomId={roomId} admin={timeline.isAdmin.value} />}
      <MessageList timeline={timeline} label={room ? roomName(room) : ''} />
      <TypingLine timeline={timeline} />
      <Composer roomId={roomId} />
    </section>
  );
}

export function NoRoom() {
  return (
    <section class="chat chat-empty">
      <p>{t('chat.empty')}</p>
    </section>
  );
}
