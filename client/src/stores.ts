import type { ReadonlySignal, Signal } from '@preact/signals';
import type { Reaction } from '../../protocol/rest/messages.ts';
import type { RoomFile } from '../../protocol/rest/files.ts';
import type { MyPoll } from '../../protocol/rest/polls.ts';
import type { RoomMember } from '../../protocol/rest/members.ts';
import type { RoomListItem } from '../../protocol/rest/rooms.ts';
import type { SystemPayload } from '../../protocol/rest/system-payload.ts';
import type { ClientUpdateResponse } from '../../protocol/rest/system.ts';
import type { UserListItem } from '../../protocol/rest/users.ts';
import type { Account } from './account/store.ts';
import type { Admin } from './admin/store.ts';
import type { Api } from './net/api.ts';
import type { FileAccess } from './net/file-access.ts';
import type { Realtime } from './net/realtime.ts';
import type { Session } from './net/session.ts';
import type { Platform } from './platform/types.ts';
import type { ArtifactState } from './updates/artifact.ts';
import type { ProfileImage } from './users/profile-image.ts';

/** The contracts between the client's state (stores, send pipeline) and its views. Views read
 * signals and call methods; stores talk to the network. One definition, so both sides can be
 * built and tested apart. */

export interface RoomsStore {
  /** The caller's rooms: pinned first, then by last message time (newest first), then empty rooms. */
  list: ReadonlySignal<RoomListItem[]>;
  loaded: ReadonlySignal<boolean>;
  /** The open room (null: none). Opening a room is `current.value = id`. */
  current: Signal<number | null>;
  /** Reload the list (GET /api/rooms); the signal changes only when the content did. */
  load(): Promise<void>;
  /** Open (or create) the direct room with a user; returns its id. */
  createDirect(userId: number): Promise<number>;
  createGroup(name: string, userIds: number[]): Promise<number>;
  invite(roomId: number, userIds: number[]): Promise<void>;
  leave(roomId: number): Promise<void>;
  /** Room admins: remove a member who is not an admin (the members follow from the event). */
  kick(roomId: number, userId: number): Promise<void>;
  /** Room admins: promote or demote a member (never the last admin). */
  setAdmin(roomId: number, userId: number, isAdmin: boolean): Promise<void>;
  rename(roomId: number, name: string): Promise<void>;
  setPinned(roomId: number, pinned: boolean): Promise<void>;
  setMuted(roomId: number, muted: boolean): Promise<void>;
}

export type ItemState = 'sent' | 'pending' | 'failed';

/** One message as the views show it: a message of the room's history, or one of the sender's
 * outgoing items (pending, failed, or ACKed before the room has it). */
export interface ChatItem {
  /** Stable across the pending → sent swap (local echo): `c:<client_msg_id>` for my messages that
   * carry one (sent from here), else `m:<id>`. */
  key: string;
  id: number | null;
  clientMsgId: string | null;
  roomId: number;
  senderId: number | null;
  senderName: string | null;
  senderImage: string | null;
  /** Decrypted text (ciphertext is never shown; undecryptable content shows a placeholder). */
  text: string;
  type: 'text' | 'file' | 'image' | 'system';
  /** A system message's structured form, worded at render time (chat/system-line.ts). */
  system?: SystemPayload | null;
  /** A file or image message's attachment (null for text, system and deleted messages). */
  file: ChatFile | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  replyTo: number | null;
  replyPreview: { sender: string | null; text: string } | null;
  /** Who the message mentions, as the `@name`s to highlight in its text (nickname and username
   * of each mentioned member); absent when it mentions nobody. */
  mentioned?: MentionedName[];
  /** It mentions me: the row stands out. */
  mentionsMe?: boolean;
  reactions: Reaction[];
  /** Members who have not read it (sender excluded). */
  unreadCount: number;
  state: ItemState;
  /** Decided by user id, never by nickname. */
  mine: boolean;
  /** Why a failed item failed (localised), for the retry bubble. */
  error?: string;
}

export interface MentionedName {
  /** `@nickname` or `@username`. */
  name: string;
  me: boolean;
}

/** What a file or image message points at. */
export interface ChatFile {
  name: string;
  /** Under /uploads/; null while my upload has not finished. */
  path: string | null;
  /** Bytes, when known (my own uploads; the server's view when it carries the size). */
  size: number | null;
  /** The server's small preview of an image, when it made one. */
  thumbnail: string | null;
  /** The bytes on this machine (my unsent or just sent file): previews need no download. */
  local: Blob | null;
}

export interface RoomTimeline {
  roomId: number;
  /** Ascending; pending/failed items after the sent ones. */
  items: ReadonlySignal<ChatItem[]>;
  hasOlder: ReadonlySignal<boolean>;
  loadingOlder: ReadonlySignal<boolean>;
  /** Other members typing now. */
  typing: ReadonlySignal<Array<{ userId: number; nickname: string }>>;
  /** Members with presence, profile and role; kept current by member, presence and profile events. */
  members: ReadonlySignal<RoomMember[]>;
  /** Whether I administer the room (from my member entry; false until the members are known). */
  isAdmin: ReadonlySignal<boolean>;
  /** Members whose read pointer has reached the message (its sender left out): "read by". */
  readers(messageId: number, senderId: number | null): RoomMember[];
}

export interface ChatStore {
  /** The room's timeline, loading the latest page the first time. */
  open(roomId: number): RoomTimeline;
  loadOlder(roomId: number): Promise<void>;
  /** Load a room back to message `messageId` and a little before it (a search result opened);
   * false when it could not be reached. */
  reveal(roomId: number, messageId: number): Promise<boolean>;
  /** Tell the server the newest loaded message was read (message_read), once per new message. */
  markRead(roomId: number): void;
  /** Composer activity: debounced (500 ms) typing start/stop for the room. */
  typing(roomId: number, active: boolean): void;
  /** Fetch what was missed (after_id) for every open room, merging without duplicates. */
  catchUp(): Promise<void>;
  /** Reload an open room's members (room info): the members panel opening. */
  refreshMembers(roomId: number): Promise<void>;
}

export interface SendPipeline {
  /** Show the bubble at once, persist it in the outbox, then deliver (ACK, timeout, retry with
   * backoff, failed). Resolves once queued, not once delivered. */
  send(roomId: number, text: string, opts?: { replyTo?: number | null; mentions?: number[] }): Promise<void>;
  /** Retry a failed bubble. */
  retry(clientMsgId: string): void;
  /** Drop a failed bubble the user gave up on. */
  discard(clientMsgId: string): Promise<void>;
  /** Attach a file: checked here (size, type), then uploaded and sent through the same queue as
   * text. Resolves with the localised reason when refused before any upload, else null. */
  sendFile(roomId: number, file: Blob, name: string): Promise<string | null>;
  /** Stop an unsent file message (its upload is aborted); false once it is being delivered. */
  cancel(clientMsgId: string): boolean;
  /** Running uploads by client_msg_id: bytes sent of the file. */
  uploads: ReadonlySignal<ReadonlyMap<string, { loaded: number; total: number }>>;
  /** Unsent messages (pending + failed), for the logout question and a status line. */
  unsent: ReadonlySignal<number>;
  /** My outgoing messages, in send order, for the room timelines to show. */
  outgoing: ReadonlySignal<OutgoingItem[]>;
}

/** A message sent from here, as the sender knows it: unsent (pending, failed), or ACKed ('sent',
 * with its id) while the room's timeline may not have it yet (the echo not applied, or a resend the
 * server deduplicated without one). The timeline shows it until it has the message itself. */
export interface OutgoingItem {
  clientMsgId: string;
  roomId: number;
  /** Plaintext; '' while a restored entry (ciphertext) is not decrypted yet. */
  text: string;
  replyTo: number | null;
  createdAt: string;
  state: ItemState;
  /** The server's id, from the ACK. */
  id: number | null;
  /** Why it failed (localised), for the retry bubble. */
  error?: string;
  /** A file or image message (text is then its name). */
  file?: { name: string; type: 'file' | 'image'; size: number; path: string | null; blob: Blob | null };
}

/** Actions on sent messages; each is live for the room through the server's events. */
export interface MessageActionsStore {
  /** My own text message; sealed like a new one. `mentions` replace the message's. */
  edit(roomId: number, messageId: number, text: string, mentions?: number[]): Promise<void>;
  /** My own message: a placeholder for everyone. */
  remove(messageId: number): Promise<void>;
  /** Toggle my reaction with this emoji. */
  react(roomId: number, messageId: number, emoji: string): Promise<void>;
}

/** A room notice as the views show it. */
export interface PinItem {
  id: number;
  roomId: number;
  /** The pinned message (of this room), or null for a free-text notice. */
  messageId: number | null;
  /** The notice's text, or the pinned message's (decrypted here). */
  text: string;
  byName: string | null;
  at: string;
}

export interface PinsStore {
  /** A room's notices, newest first; null until loaded (the first call loads). */
  of(roomId: number): ReadonlySignal<PinItem[] | null>;
  load(roomId: number): Promise<void>;
  /** Pin a message of the room and/or free text (any member). */
  create(roomId: number, pin: { messageId?: number; text?: string }): Promise<void>;
  /** Unpin (any member). */
  remove(roomId: number, pinId: number): Promise<void>;
}

export interface UsersStore {
  /** Everyone but the caller, for pickers (never typed ids). */
  list: ReadonlySignal<UserListItem[]>;
  load(): Promise<void>;
}

/** A new poll as the create dialog gives it (deadline: UTC ISO-8601 or null). */
export interface NewPollInput {
  question: string;
  options: string[];
  multiple_choice: boolean;
  anonymous: boolean;
  ends_at: string | null;
}

export interface PollsStore {
  /** A room's polls, newest first, each with my own votes; null until loaded (the first call loads). */
  of(roomId: number): ReadonlySignal<MyPoll[] | null>;
  load(roomId: number): Promise<void>;
  create(roomId: number, poll: NewPollInput): Promise<MyPoll>;
  /** Replace my vote with these options (one for a single-choice poll). */
  vote(pollId: number, optionIds: number[]): Promise<void>;
  /** The creator or a room admin. */
  close(pollId: number): Promise<void>;
}

export type RoomFilesFilter = 'all' | 'image' | 'file';

export interface RoomFilesStore {
  /** The open panel's files, newest first, through `filter`; null while loading. */
  shown: ReadonlySignal<RoomFile[] | null>;
  filter: Signal<RoomFilesFilter>;
  /** The Files panel opened on a room: load its list (and follow it until `close`). */
  open(roomId: number): Promise<void>;
  close(): void;
  /** Delete a file (uploader or room admin): gone from disk and list, its message deleted. */
  remove(fileId: number): Promise<void>;
}

export interface UpdatesStore {
  /** The server's last answer for this app version (desktop); null until there is one. */
  policy: ReadonlySignal<ClientUpdateResponse | null>;
  /** This version is no longer supported: the update screen replaces the app. */
  required: ReadonlySignal<boolean>;
  /** A newer version the user has not dismissed (null while none, or while one is required). */
  offer: ReadonlySignal<ClientUpdateResponse | null>;
  /** Ask the server now; rejects when the address is unreachable or not a messenger server. */
  check(): Promise<ClientUpdateResponse>;
  /** Hide the offer of this version (kept across restarts); a later version is offered again. */
  dismiss(): void;
  /** This build trusts a release key: the download is offered only once verified. */
  readonly signed: boolean;
  /** The offered (or required) version's artifact, downloaded and checked (signed builds). */
  artifact: ReadonlySignal<ArtifactState>;
  /** Save the verified artifact where the user picks (false: cancelled or nothing verified). */
  save(): Promise<boolean>;
}

/** One line of the message search: a server hit (plaintext, file names) or a device hit (an
 * encrypted message this device decrypted). */
export interface SearchResult {
  id: number;
  roomId: number;
  senderName: string | null;
  text: string;
  createdAt: string;
  file: boolean;
  source: 'server' | 'device';
}

export interface SearchStore {
  query: ReadonlySignal<string>;
  /** Null: nothing searched (under 2 characters). */
  results: ReadonlySignal<SearchResult[] | null>;
  searching: ReadonlySignal<boolean>;
  /** Why the server search failed (its device hits are still shown). */
  error: ReadonlySignal<string | null>;
  /** The message a result opened: its room scrolls to it and highlights it. */
  target: Signal<{ roomId: number; messageId: number } | null>;
  /** The search box changed: searched after 300 ms of quiet. */
  input(q: string): void;
  /** Only the room open now (when one is). */
  roomOnly: ReadonlySignal<boolean>;
  setRoomOnly(on: boolean): void;
}

export interface ClientServices {
  platform: Platform;
  api: Api;
  session: Session;
  realtime: Realtime;
  rooms: RoomsStore;
  chat: ChatStore;
  sender: SendPipeline;
  /** Reading files of rooms (previews, downloads) as a member. */
  files: FileAccess;
  /** My profile picture: change and remove. */
  profileImage: ProfileImage;
  users: UsersStore;
  polls: PollsStore;
  /** Edit, delete, react. */
  actions: MessageActionsStore;
  /** Room notices (the pinned bar). */
  pins: PinsStore;
  /** The Files panel's list. */
  roomFiles: RoomFilesStore;
  updates: UpdatesStore;
  /** My profile, password, device sessions, account deletion. */
  account: Account;
  /** The admin area (platform admins only). */
  admin: Admin;
  search: SearchStore;
}
