import { signal } from '@preact/signals';

/** Bumped to put the keyboard in the open room's composer: a room opened from the list or the
 * filter, including the one already open, which is not re-mounted and so would not take it. */
export const composerFocus = signal(0);
