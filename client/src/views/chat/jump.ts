import { signal } from '@preact/signals';

/** A request to bring a loaded message into view (a notice's "go to message"); `n` makes each
 * request new, so the same message can be asked for twice. */
export const jumpRequest = signal<{ roomId: number; messageId: number; n: number } | null>(null);

/** The key of the message just jumped to, briefly highlighted. */
export const highlighted = signal<string | null>(null);

let n = 0;
export function jumpToMessage(roomId: number, messageId: number): void {
  jumpRequest.value = { roomId, messageId, n: ++n };
}
