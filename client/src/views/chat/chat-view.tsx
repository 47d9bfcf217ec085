import { useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { useServices } from '../context.ts';
import { attachFiles } from '../files/attach.ts';
import { Lightbox } from '../files/lightbox.tsx';
import { UploadStrip } from '../files/upload-strip.tsx';
import { PinnedBar } from '../pins/pinned-bar.tsx';
import { PollBanner } from '../polls/poll-banner.tsx';
import { roomName } from '../sidebar/room-display.ts';
import { ChatHeader } from './chat-header.tsx';
import { Composer } from './composer.tsx';
import { MessageList } from './message-list.tsx';
import { TypingLine } from './typing-line.tsx';

/** The open room: header, open polls, messages, who is typing, the composer. Re-mounted per room (keyed by
 * the caller), so every room opens at its bottom with its own draft. */
export function ChatView({ roomId }: { roomId: number }) {
  const { chat, rooms, sender } = useServices();
  const list = rooms.list.value;
  const room = list.find((r) => r.id === roomId);
  const timeline = useMemo(() => chat.open(roomId), [roomId]);
  // Files dragged over the room: the whole view is the drop zone (enter/leave fire per child).
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  return (
    <section
      class={`chat${dragging ? ' dropping' : ''}`}
      data-testid="chat-view"
      data-room-id={roomId}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        depth.current++;
        setDragging(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        void attachFiles(sender, roomId, Array.from(e.dataTransfer?.files ?? []));
      }}
    >
      <ChatHeader room={room} timeline={timeline} />
      {room && <PinnedBar timeline={timeline} />}
      {room && <PollBanner roomId={roomId} admin={timeline.isAdmin.value} />}
      <MessageList timeline={timeline} label={room ? roomName(room) : ''} />
      <TypingLine timeline={timeline} />
      <UploadStrip roomId={roomId} />
      <Composer roomId={roomId} />
      {dragging && (
        <div class="drop-zone" data-testid="drop-zone" aria-hidden="true">
          {t('upload.drop')}
        </div>
      )}
      <Lightbox />
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
