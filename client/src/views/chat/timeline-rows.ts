import type { Locale } from '../../../../protocol/locale.ts';
import type { ChatItem } from '../../stores.ts';
import { clockTime, dayKey, dayLabel, parseTime } from '../time-format.ts';

/** What the message list draws: day separators between days, and messages that know whether
 * they open a group (consecutive messages by one sender within 5 minutes share one header) and
 * whether they show their time (once per minute within a group, under the last message). */
export interface MessageRowData {
  kind: 'message';
  key: string;
  item: ChatItem;
  first: boolean;
  showTime: boolean;
  time: string;
}
export type Row = { kind: 'start'; key: string } | { kind: 'day'; key: string; label: string } | MessageRowData;

const GROUP_MS = 5 * 60 * 1000;

function sameAuthor(a: ChatItem, b: ChatItem): boolean {
  return a.type !== 'system' && b.type !== 'system' && a.mine === b.mine && a.senderId === b.senderId;
}

/** `complete`: the first message of the room is loaded, so the list starts with a "beginning
 * of the conversation" row. */
export function buildRows(items: readonly ChatItem[], locale: Locale, complete = false): Row[] {
  const rows: Row[] = complete && items.length > 0 ? [{ kind: 'start', key: 'start' }] : [];
  let day = '';
  let prev: { row: MessageRowData; at: number } | null = null;
  for (const item of items) {
    const parsed = parseTime(item.createdAt);
    const date = Number.isNaN(parsed.getTime()) ? new Date() : parsed;
    const at = date.getTime();
    const key = dayKey(date);
    if (key !== day) {
      day = key;
      prev = null;
      rows.push({ kind: 'day', key: `day:${key}`, label: dayLabel(date, locale) });
    }
    const grouped: boolean = prev !== null && sameAuthor(prev.row.item, item) && at - prev.at < GROUP_MS;
    const row: MessageRowData = { kind: 'message', key: item.key, item, first: !grouped, showTime: true, time: clockTime(date) };
    if (grouped && prev!.row.time === row.time && prev!.row.item.state === 'sent') prev!.row.showTime = false;
    rows.push(row);
    prev = { row, at };
  }
  return rows;
}
