import path from 'node:path';
import { detectFormat } from '../../protocol/crypto/index.ts';
import { nowIso } from '../db/time.ts';
import type { UploadStorage } from '../files/storage.ts';
import type { RoomKeys } from '../keys/room-keys.ts';
import {
  KST_OFFSET_MINUTES,
  convertPasswordHash,
  roomFileName,
  toUtcIso,
  unescapeHtml,
  unwrapOriginRoomKey,
} from './convert.ts';
import { ImportBatch } from './import-batch.ts';
import type { ImportRepo, OriginRow, OriginSource, TargetTable } from './repo.ts';
import { MigrationReport } from './report.ts';
import { copyProfileImage, copyRoomFile } from './uploads.ts';

export interface MigrateInputs {
  origin: OriginSource;
  /** The origin's uploads folder (room files flat, profile images under profiles/). */
  uploadsDir: string;
  /** The origin's `.master_key` (32 raw bytes), or null when it has none. */
  originMasterKey: Buffer | null;
  /** The origin's legacy password salt. */
  legacySalt: string;
  target: ImportRepo;
  roomKeys: RoomKeys;
  storage: UploadStorage;
}

const MESSAGE_TYPES = new Set(['text', 'file', 'image', 'system']);
const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : null);
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const flag = (v: unknown): number => (Number(v) ? 1 : 0);
const utc = (v: unknown) => toUtcIso(v, 0);
const kst = (v: unknown) => toUtcIso(v, KST_OFFSET_MINUTES);

/** Copy the origin's data into ours, keeping ids; rows already there are left alone, so running
 * it again changes nothing. Everything not imported is in the report with its reason. */
export async function migrateOrigin(inp: MigrateInputs): Promise<MigrationReport> {
  const report = new MigrationReport();
  const { origin, target } = inp;
  const runAt = nowIso();
  const orNow = (iso: string | null) => iso ?? runAt;
  const batch = <T extends TargetTable>(kind: T) => ImportBatch.open(target, kind, report);

  // Room keys first, before anything is written: a missing or wrong master key would import
  // every encrypted room without its key, and a later run could not repair rooms already here.
  const originRooms = await origin.rows('rooms');
  const roomKeys = unwrapRoomKeys(originRooms, inp.originMasterKey);

  // Users: kept by id; a username already another account's here is skipped.
  const originUsers = await origin.rows('users');
  const approval = new Map<number, string>();
  for (const a of await origin.rows('pending_user_approvals')) approval.set(Number(a.user_id), String(a.status));
  const usernames = await target.usernames();
  const users = await batch('users');
  for (const u of originUsers) {
    const id = Number(u.id);
    const username = String(u.username ?? '').trim();
    if (!users.isNew(id)) continue;
    const owner = usernames.get(username.toLowerCase());
    const pw = convertPasswordHash(u.password_hash, inp.legacySalt);
    if (!username) report.skip('users', id, 'empty username');
    else if (owner !== undefined) report.skip('users', id, 'username already taken here (usernames ignore case)');
    else if ('skip' in pw) report.skip('users', id, pw.skip);
    else {
      report.note('users', `${pw.kind} password hash (replaced by ours at first login)`, id);
      usernames.set(username.toLowerCase(), id);
      const status = approval.get(id);
      users.add(id, {
        id,
        username,
        password_hash: pw.hash,
        nickname: text(u.nickname)?.trim() || username,
        profile_image: await copyProfileImage(inp, report, id, text(u.profile_image)),
        status_message: text(u.status_message),
        // The origin's platform admin is user 1 (the only one who approves accounts).
        is_platform_admin: id === 1 ? 1 : 0,
        approval_status: status === 'pending' || status === 'rejected' ? status : 'approved',
        created_at: orNow(utc(u.created_at)),
        updated_at: orNow(utc(u.created_at)),
      });
    }
  }
  await users.write(target, originUsers.length);
  const userIds = await target.importedIds('users');
  const user = (v: unknown) => (userIds.has(Number(v)) ? Number(v) : null);

  // Rooms: the key unwrapped with the origin's master key and wrapped again with ours.
  const rooms = await batch('rooms');
  for (const r of originRooms) {
    const id = Number(r.id);
    if (!rooms.isNew(id)) continue;
    if (r.type !== 'direct' && r.type !== 'group') {
      report.skip('rooms', id, `unknown room type ${String(r.type)}`);
      continue;
    }
    const key = roomKeys.get(id);
    if (key instanceof Error) report.note('rooms', `room key not readable, room imported without one: ${key.message}`, id);
    const wrapped = typeof key === 'string' ? inp.roomKeys.wrap(key) : null;
    rooms.add(id, { id, name: text(r.name), type: r.type, created_by: user(r.created_by), encryption_key: wrapped, created_at: orNow(utc(r.created_at)) });
  }
  await rooms.write(target, originRooms.length);
  const roomIds = await target.importedIds('rooms');

  const originMembers = await origin.rows('room_members');
  const members = await batch('room_members');
  for (const m of originMembers) {
    const key = `${String(m.room_id)}/${String(m.user_id)}`;
    if (!members.isNew(key)) continue;
    if (!roomIds.has(Number(m.room_id)) || user(m.user_id) === null) {
      report.skip('room_members', key, 'room or user not imported');
      continue;
    }
    members.add(key, {
      room_id: Number(m.room_id),
      user_id: Number(m.user_id),
      joined_at: orNow(utc(m.joined_at)),
      last_read_message_id: num(m.last_read_message_id) ?? 0,
      pinned: flag(m.pinned),
      muted: flag(m.muted),
      role: m.role === 'admin' ? 'admin' : 'member',
    });
  }
  await members.write(target, originMembers.length);

  // Messages: ciphertext kept as is (sealed with the room key, version 1); the encrypted flag is
  // what the content is, not what the origin's client claimed (its system messages said 1).
  const originMessages = await origin.rows('messages');
  const earlier = await target.importedIds('messages');
  /** The room of every origin message (a notice must stay in its message's room). */
  const messageRoom = new Map(originMessages.map((m) => [Number(m.id), Number(m.room_id)]));
  const offered = new Set<number>();
  const messages = await batch('messages');
  for (const m of originMessages) {
    const id = Number(m.id);
    const type = String(m.message_type ?? 'text');
    if (!messages.isNew(id)) continue;
    if (!roomIds.has(Number(m.room_id))) report.skip('messages', id, 'room not imported');
    else if (!MESSAGE_TYPES.has(type)) report.skip('messages', id, `unknown message type ${type}`);
    else {
      const content = text(m.content);
      const sender = user(m.sender_id);
      if (sender === null) report.note('messages', 'sender not imported: kept without a sender', id);
      let replyTo = num(m.reply_to);
      if (replyTo !== null && !offered.has(replyTo) && !earlier.has(replyTo)) {
        report.note('messages', 'reply target missing: kept as a plain message', id);
        replyTo = null;
      }
      const filePath = text(m.file_path)?.trim();
      messages.add(id, {
        id,
        room_id: Number(m.room_id),
        sender_id: sender,
        content,
        encrypted: content !== null && detectFormat(content) !== 'plain' ? 1 : 0,
        message_type: type,
        file_path: filePath ? roomFileName(filePath) : null,
        file_name: text(m.file_name),
        client_msg_id: text(m.client_msg_id)?.trim() || null,
        reply_to: replyTo,
        created_at: orNow(kst(m.created_at)),
      });
      offered.add(id);
    }
  }
  await messages.write(target, originMessages.length);
  const messageIds = await target.importedIds('messages');

  const originReactions = await origin.rows('message_reactions');
  const reactions = await batch('message_reactions');
  for (const r of originReactions) {
    const id = Number(r.id);
    if (!reactions.isNew(id)) continue;
    if (!messageIds.has(Number(r.message_id)) || user(r.user_id) === null || !text(r.emoji)) report.skip('message_reactions', id, 'message or user not imported');
    else reactions.add(id, { id, message_id: Number(r.message_id), user_id: Number(r.user_id), emoji: String(r.emoji), created_at: orNow(utc(r.created_at)) });
  }
  await reactions.write(target, originReactions.length);

  const originPins = await origin.rows('pinned_messages');
  const pins = await batch('pinned_messages');
  for (const p of originPins) {
    const id = Number(p.id);
    const msg = num(p.message_id);
    if (!pins.isNew(id)) continue;
    if (!roomIds.has(Number(p.room_id))) report.skip('pinned_messages', id, 'room not imported');
    // The origin did not check that a pinned message was in the pin's room.
    else if (msg !== null && (messageRoom.get(msg) !== Number(p.room_id) || !messageIds.has(msg))) report.skip('pinned_messages', id, 'pinned message missing or in another room');
    else pins.add(id, { id, room_id: Number(p.room_id), message_id: msg, content: p.content == null ? null : unescapeHtml(String(p.content)), pinned_by: user(p.pinned_by), pinned_at: orNow(utc(p.pinned_at)) });
  }
  await pins.write(target, originPins.length);

  const originPolls = await origin.rows('polls');
  const polls = await batch('polls');
  for (const p of originPolls) {
    const id = Number(p.id);
    if (!polls.isNew(id)) continue;
    if (!roomIds.has(Number(p.room_id))) report.skip('polls', id, 'room not imported');
    else
      polls.add(id, {
        id,
        room_id: Number(p.room_id),
        created_by: user(p.created_by),
        question: unescapeHtml(String(p.question ?? '')),
        multiple_choice: flag(p.multiple_choice),
        anonymous: flag(p.anonymous),
        closed: flag(p.closed),
        // Deadlines were the origin server's local clock (KST).
        ends_at: kst(p.ends_at),
        created_at: orNow(utc(p.created_at)),
      });
  }
  await polls.write(target, originPolls.length);
  const pollIds = await target.importedIds('polls');

  const originOptions = await origin.rows('poll_options');
  const optionPoll = new Map(originOptions.map((o) => [Number(o.id), Number(o.poll_id)]));
  const options = await batch('poll_options');
  for (const o of originOptions) {
    const id = Number(o.id);
    if (!options.isNew(id)) continue;
    if (!pollIds.has(Number(o.poll_id))) report.skip('poll_options', id, 'poll not imported');
    else options.add(id, { id, poll_id: Number(o.poll_id), option_text: unescapeHtml(String(o.option_text ?? '')) });
  }
  await options.write(target, originOptions.length);
  const optionIds = await target.importedIds('poll_options');

  const originVotes = await origin.rows('poll_votes');
  const votes = await batch('poll_votes');
  for (const v of originVotes) {
    const id = Number(v.id);
    const option = Number(v.option_id);
    if (!votes.isNew(id)) continue;
    if (!optionIds.has(option) || optionPoll.get(option) !== Number(v.poll_id) || user(v.user_id) === null) report.skip('poll_votes', id, 'poll, option or user not imported');
    else votes.add(id, { id, poll_id: Number(v.poll_id), option_id: option, user_id: Number(v.user_id), voted_at: orNow(utc(v.voted_at)) });
  }
  await votes.write(target, originVotes.length);

  // Files: the upload copied under a name fixed by its origin path (so a second run finds it).
  const originFiles = await origin.rows('room_files');
  const files = await batch('room_files');
  for (const f of originFiles) {
    const id = Number(f.id);
    const originPath = text(f.file_path)?.trim() ?? '';
    if (!files.isNew(id)) continue;
    if (!roomIds.has(Number(f.room_id))) {
      report.skip('room_files', id, 'room not imported');
      continue;
    }
    const copied = await copyRoomFile(inp, report, originPath);
    if (!copied) {
      report.skip('room_files', id, 'upload missing in the origin uploads folder');
      continue;
    }
    const msg = num(f.message_id);
    files.add(id, {
      id,
      room_id: Number(f.room_id),
      message_id: msg !== null && messageIds.has(msg) ? msg : null,
      file_path: copied,
      file_name: String(f.file_name ?? path.basename(originPath)),
      file_size: num(f.file_size),
      file_type: text(f.file_type),
      uploaded_by: user(f.uploaded_by),
      uploaded_at: orNow(utc(f.uploaded_at)),
    });
  }
  await files.write(target, originFiles.length);
  return report;
}

/** Each room's key string (an Error where it cannot be read). Throws when keys need the origin's
 * master key and there is none, or when no wrapped key opens with the one given (the wrong file). */
function unwrapRoomKeys(rooms: OriginRow[], masterKey: Buffer | null): Map<number, string | Error> {
  const keys = new Map<number, string | Error>();
  let opened = 0;
  let failed = 0;
  for (const r of rooms) {
    const stored = text(r.encryption_key)?.trim();
    if (!stored) continue;
    try {
      keys.set(Number(r.id), unwrapOriginRoomKey(stored, masterKey));
      if (Buffer.from(stored, 'base64').length >= 32) opened += 1;
    } catch (err) {
      if (!masterKey) throw err;
      keys.set(Number(r.id), err as Error);
      failed += 1;
    }
  }
  if (failed > 0 && opened === 0) throw new Error("no room key opens with this master key: is it the origin's .master_key?");
  return keys;
}
