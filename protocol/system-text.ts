import { clientCatalog } from './i18n/client.ts';
import type { Locale } from './locale.ts';
import type { SystemPayload } from './rest/system-payload.ts';

/** `{name}` placeholders of a catalogue template filled from `params` (values are not scanned
 * again, so a nickname like "{name}" stays as it is). */
function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => params[k] ?? whole);
}

const isParty = (p: unknown): p is { nickname: string } => typeof (p as { nickname?: unknown } | null)?.nickname === 'string';

const names = (parties: ReadonlyArray<{ nickname: string }>) => parties.map((p) => p.nickname).join(', ');

/** A system message in `locale`, worded from its payload; null when there is no payload or this
 * build does not know its kind (the caller then shows `content`). The Korean wording is exactly
 * what the server stores as `content` (it is made here), so a Korean reader sees the same text
 * either way. Payloads come off the wire: anything malformed also gives null. */
export function systemText(payload: SystemPayload | null | undefined, locale: Locale): string | null {
  if (!payload || !isParty(payload.actor) || !Array.isArray(payload.targets) || !payload.targets.every(isParty)) return null;
  const template = clientCatalog[locale][`system.${payload.kind}`];
  if (template === undefined) return null;
  const params: Record<string, string> = { actor: payload.actor.nickname, targets: names(payload.targets) };
  if (payload.kind === 'renamed') {
    if (typeof payload.name !== 'string') return null;
    params.name = payload.name;
  }
  return fill(template, params);
}
