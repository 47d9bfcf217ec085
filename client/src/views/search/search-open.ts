import { signal } from '@preact/signals';

/** Whether the message search is open (the chat header's button, Ctrl+F / ⌘F). */
export const searchOpen = signal(false);
