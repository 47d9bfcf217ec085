import { signal } from '@preact/signals';
import type { SendPipeline } from '../../stores.ts';

/** Why the last attached files were refused before upload (too large, type), shown by the composer
 * of that room until the next attempt. */
export const attachErrors = signal<{ roomId: number; messages: string[] } | null>(null);

/** A pasted image often has no useful name ("image.png", or none): give it one that says when. */
function nameOf(file: File): string {
  if (file.name && file.name !== 'image.png') return file.name;
  const ext = (file.type.split('/')[1] ?? 'png').replace('jpeg', 'jpg').replace(/[^a-z0-9]/g, '');
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `image-${stamp}.${ext}`;
}

/** Files from the attach button, a drop or a paste, each as its own message, in order. */
export async function attachFiles(sender: SendPipeline, roomId: number, files: Iterable<File>): Promise<void> {
  const messages: string[] = [];
  for (const file of files) {
    const refused = await sender.sendFile(roomId, file, nameOf(file));
    if (refused) messages.push(refused);
  }
  attachErrors.value = messages.length ? { roomId, messages } : null;
}
