import type { RoomMember } from '../../../protocol/rest/members.ts';
import type { MentionedName } from '../stores.ts';

/** Mentions: the `@` being typed, the members it may name, the ids a finished text keeps, and
 * the names a received message highlights. Mentions travel as user ids (in clear beside an
 * encrypted text); names are only how the text shows them. */

type Member = Pick<RoomMember, 'id' | 'nickname' | 'username'>;

/** The `@word` just before the caret: where its `@` is and what follows it (no spaces, ≤ 32). */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|[\s(])@([^\s@]{0,32})$/u.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[2]!.length - 1, query: m[2]! };
}

/** Members whose nickname or username contains the query (any case, Korean included), those
 * starting with it first; never me. */
export function matchMembers<M extends Member>(members: readonly M[], query: string, me: number | null, max = 8): M[] {
  const q = query.toLocaleLowerCase();
  const scored = members
    .filter((m) => m.id !== me)
    .map((m) => {
      const names = [m.nickname.toLocaleLowerCase(), m.username.toLocaleLowerCase()];
      const rank = names.some((n) => n.startsWith(q)) ? 0 : names.some((n) => n.includes(q)) ? 1 : 2;
      return { m, rank };
    })
    .filter((x) => x.rank < 2);
  return scored.sort((a, b) => a.rank - b.rank || a.m.nickname.localeCompare(b.m.nickname)).slice(0, max).map((x) => x.m);
}

/** The picked members whose `@nickname` (or `@username`) is still in the text at send time. */
export function keptMentions(text: string, picked: readonly Member[]): number[] {
  return [...new Set(picked.filter((m) => text.includes(`@${m.nickname}`) || text.includes(`@${m.username}`)).map((m) => m.id))];
}

/** The `@name`s of the mentioned members, for highlighting; whether I am one of them. */
export function mentionedNames(ids: readonly number[] | undefined, members: readonly Member[], me: number | null): { mentioned?: MentionedName[]; mentionsMe?: boolean } {
  if (!ids || ids.length === 0) return {};
  const names: MentionedName[] = [];
  for (const m of members) {
    if (!ids.includes(m.id)) continue;
    for (const n of new Set([m.nickname, m.username])) names.push({ name: `@${n}`, me: m.id === me });
  }
  // Longest first, so "@Kim Chulsoo" wins over "@Kim".
  names.sort((a, b) => b.name.length - a.name.length);
  return { mentioned: names, mentionsMe: me !== null && ids.includes(me) };
}

/** Text cut into plain parts and mentions of the given names. */
export function splitMentions(text: string, names: readonly MentionedName[]): Array<string | MentionedName> {
  if (names.length === 0) return [text];
  const out: Array<string | MentionedName> = [];
  let plain = '';
  for (let i = 0; i < text.length; ) {
    const hit = text[i] === '@' ? names.find((n) => text.startsWith(n.name, i)) : undefined;
    if (hit) {
      if (plain) out.push(plain);
      plain = '';
      out.push(hit);
      i += hit.name.length;
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) out.push(plain);
  return out;
}
