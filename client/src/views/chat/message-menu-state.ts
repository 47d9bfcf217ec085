import { signal } from '@preact/signals';
import type { ChatItem } from '../../stores.ts';

/** The open message menu (one at a time): its message, where it shows, and the control that
 * gets the focus back when it closes. */
export interface MenuState {
  item: ChatItem;
  x: number;
  y: number;
  trigger: HTMLElement | null;
}
export const messageMenu = signal<MenuState | null>(null);

/** "Read by" of one of my messages, asked from its menu or its read line. */
export const readersOf = signal<ChatItem | null>(null);

/** A failed message action, shown above the composer until the next one. */
export const actionError = signal<string | null>(null);

/** Messages that have a menu: sent (an id), not a system line, not deleted. */
export const hasMenu = (item: ChatItem) => item.id !== null && item.state === 'sent' && item.type !== 'system' && !item.deleted;

export function openMessageMenu(item: ChatItem, x: number, y: number, trigger: HTMLElement | null): void {
  messageMenu.value = { item, x, y, trigger };
}
