/**
 * `npm run docs:protocol`: writes docs/protocol.md from protocol/ (the REST route table, the socket
 * event maps and the error catalogue), so the index can never disagree with the contract. A test
 * fails when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorCatalog } from '../protocol/errors/index.ts';
import { clientEventAckSchemas, clientEventDocs, clientEventNames, clientEventSchemas, serverEventDocs, serverEventNames, serverEventSchemas } from '../protocol/events.ts';
import { type RouteKey, type RouteSpec, restRoutes } from '../protocol/routes.ts';

export const protocolDocPath = path.resolve(import.meta.dirname, '../docs/protocol.md');

type Json = { type?: string; properties?: Record<string, Json>; items?: Json; anyOf?: Json[]; oneOf?: Json[]; not?: unknown };

/** The top-level field names a schema reads or writes (`[a, b]` for a list of objects). */
function fields(schema: z.ZodType | undefined, io: 'input' | 'output'): string {
  if (!schema) return '';
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  const names = (j: Json): string[] => {
    if (j.properties) return Object.keys(j.properties);
    const branches = j.anyOf ?? j.oneOf;
    if (branches) return [...new Set(branches.flatMap(names))];
    return [];
  };
  if (json.not !== undefined) return '(always an error)';
  if (json.type === 'array' && json.items) return `[${names(json.items).join(', ')}]`;
  return names(json).join(', ');
}

const code = (s: string) => (s ? `\`${s}\`` : '');
const cell = (s: string) => s.replace(/\|/g, '\\|');

function restSection(): string[] {
  const rows = (Object.entries(restRoutes) as Array<[RouteKey, RouteSpec]>).map(([key, spec]) => {
    const body = fields(spec.body, 'input');
    const query = fields(spec.query, 'input');
    const request = [query && `?${query}`, body].filter(Boolean).join(' ');
    return `| \`${key}\` | ${spec.auth} | ${code(request)} | ${code(fields(spec.response, 'output'))} | ${cell(spec.summary)} |`;
  });
  return [
    '## REST routes',
    '',
    'Auth `user`: a live session is required (401 `AUTH_LOGIN_REQUIRED` / `AUTH_SESSION_EXPIRED` otherwise). Request',
    'lists the query parameters (`?…`) and body fields; Response the fields of a success answer. Field rules',
    '(types, limits, defaults, the error code of each failure) are the zod schemas in `protocol/rest/`.',
    '',
    '| route | auth | request | response | what it does |',
    '|---|---|---|---|---|',
    ...rows,
  ];
}

function socketSection(): string[] {
  const handled = new Set<string>(Object.keys(clientEventSchemas));
  const client = clientEventNames.map((name) => {
    if (!handled.has(name)) return `| \`${name}\` | any | \`ok:false\` | ${cell(clientEventDocs[name])} |`;
    const e = name as keyof typeof clientEventSchemas;
    const ack = fields(clientEventAckSchemas[e], 'output').split(', ').filter((f) => !['ok', 'error', 'error_code', 'error_localized'].includes(f));
    return `| \`${name}\` | ${code(fields(clientEventSchemas[e], 'input'))} | \`ok${ack.length ? `, ${ack.join(', ')}` : ''}\` | ${cell(clientEventDocs[name])} |`;
  });
  const server = serverEventNames.map((name) => `| \`${name}\` | ${code(fields(serverEventSchemas[name], 'output'))} | ${cell(serverEventDocs[name])} |`);
  return [
    '## Socket.IO events',
    '',
    'Connect with `auth: { token: <access token> }` (desktop) or the `session` cookie (browser); a refused',
    'connect gets `connect_error` whose message is the error code. Every client event is ACKed:',
    '`{ok: true, ...}` or `{ok: false, error, error_code, error_localized}`, and a failure also emits the',
    "origin's `error` event to that socket. Payload rules are the zod schemas in `protocol/events/`.",
    '',
    '### Client → server',
    '',
    '| event | payload | ACK | what it does |',
    '|---|---|---|---|',
    ...client,
    '',
    '### Server → client',
    '',
    '| event | payload | who hears it |',
    '|---|---|---|',
    ...server,
  ];
}

function errorSection(): string[] {
  const rows = Object.entries(errorCatalog).map(([name, spec]) => `| \`${name}\` | ${spec.status} | ${cell(spec.en)} | ${cell(spec.ko)} |`);
  return [
    '## Error codes',
    '',
    'Every 4xx/5xx answer is `{error, error_code, error_localized, locale}`: `error` is the Korean text',
    "(origin clients match on it), `error_localized` the caller's language (`X-App-Language`,",
    '`Accept-Language` or `?lang=`; Korean by default). The codes are stable.',
    '',
    '| code | status | English | 한국어 |',
    '|---|---|---|---|',
    ...rows,
  ];
}

export function renderProtocolDocs(): string {
  return [
    '# Protocol',
    '',
    '<!-- Generated from protocol/ by `npm run docs:protocol`; edit the schemas, not this file. -->',
    '',
    'The wire contract between the server and its clients (the desktop app, the browser client, and',
    "origin desktop clients during a rollout). Its one definition is `protocol/`: `routes.ts` (REST),",
    '`events.ts` (Socket.IO), `errors/` (codes), `crypto/` (message formats). Times are UTC ISO-8601',
    'strings; ids are positive integers; 0/1 flags stay integers where the origin sent them so.',
    '',
    'Browsers authenticate with the HttpOnly `session` cookie and send the `csrf_token` they got at login',
    'back as `X-CSRFToken` on every write; the desktop app sends `Authorization: Bearer <access token>`',
    'and refreshes with its device token (`X-Device-Token`). See docs/architecture.md for the flow.',
    '',
    ...restSection(),
    '',
    ...socketSection(),
    '',
    ...errorSection(),
    '',
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.mkdirSync(path.dirname(protocolDocPath), { recursive: true });
  fs.writeFileSync(protocolDocPath, renderProtocolDocs());
  console.log(`wrote ${path.relative(process.cwd(), protocolDocPath)}`);
}
