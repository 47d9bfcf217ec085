import { Account } from './account/store.ts';
import { Admin } from './admin/store.ts';
import { idbKV } from './chat/outbox-idb.ts';
import { type KV, Outbox } from './chat/outbox.ts';
import { RoomCrypto } from './chat/room-crypto.ts';
import { type PipelineTiming, Sender } from './chat/send-pipeline.ts';
import { MessageActions } from './chat/message-actions.ts';
import { Chat } from './chat/store.ts';
import { RoomFiles } from './files/room-files.ts';
import { Uploads } from './files/uploads.ts';
import { t } from './i18n/index.ts';
import { Api } from './net/api.ts';
import { FileAccess } from './net/file-access.ts';
import { type ClientSocket, Realtime } from './net/realtime.ts';
import { Session } from './net/session.ts';
import { notifyIncoming } from './notifications.ts';
import type { Platform } from './platform/types.ts';
import { Pins } from './pins/store.ts';
import { Polls } from './polls/store.ts';
import { Rooms } from './rooms/store.ts';
import { DeviceIndex, type IndexStore, idbIndexStore } from './search/device-index.ts';
import { Search } from './search/store.ts';
import { serial } from './state/serial.ts';
import type { ClientServices } from './stores.ts';
import { Updates } from './updates/store.ts';
import { ProfileImage } from './users/profile-image.ts';
import { Users } from './users/store.ts';

export interface ServicesOptions {
  /** Where the outbox lives (default: IndexedDB via idb-keyval; tests pass a memory KV). */
  outboxKV?: KV;
  /** Send pipeline timing (default: 5 s ACK timeout, 1 s → 30 s backoff, 8 attempts). */
  timing?: Partial<PipelineTiming>;
  /** Debounce of event-triggered room list reloads (default 200 ms). */
  roomsReloadDelayMs?: number;
  /** Client-side expiry of a typing indicator (default 6 s). */
  typingExpiryMs?: number;
  /** Between two update checks of the desktop app (default a day). */
  updateIntervalMs?: number;
  /** The release key updates must be signed with (default: the one built in; null: none). */
  releaseKey?: string | null;
  /** The device search index's storage per (server, user) (default: IndexedDB; tests: memory). */
  searchStore?: (serverUrl: string, userId: number) => IndexStore;
}

/** The stores as concrete classes (they satisfy ClientServices), plus the session-wide actions. */
export interface AppServices extends ClientServices {
  rooms: Rooms;
  chat: Chat;
  sender: Sender;
  users: Users;
  polls: Polls;
  actions: MessageActions;
  pins: Pins;
  roomFiles: RoomFiles;
  /** The session's room key rings (read by tests and diagnostics; the stores use it). */
  crypto: RoomCrypto;
  updates: Updates;
  search: Search;
  /** Disconnect, clear every in-memory store, empty the device search index, end the device
   * session. The outbox is kept (per user): ask first when `sender.unsent` is not 0. */
  logout(): Promise<void>;
  /** Stop the socket and the stores without logging out (window unload; tests). */
  dispose(): void;
}

/** Builds the client and wires it:
 * - a grant for a new (server, user): connect the socket, load the rooms, restore that user's
 *   outbox; a grant for the same user (token refresh) changes nothing here, since socket.io reads
 *   the token at its next (re)connect;
 * - every connect: subscribe_rooms and replay the outbox; every reconnect: catch up the open rooms
 *   and reload the list;
 * - socket events → stores, in arrival order; notifications through the platform;
 * - on the desktop, the tray's unread total and its Sign out;
 * - the session ending (logout, refresh refused) clears the stores, never the outbox;
 * - the desktop's update check runs with the session; a required update ends the socket and the
 *   stores (the session is kept for the updated app) and no grant starts them again. */
export function createServices(platform: Platform, options: ServicesOptions = {}): AppServices {
  const api = new Api(platform.defaultServerUrl());
  const session = new Session(api, platform);
  const realtime = new Realtime(session);
  const myId = () => session.user?.id ?? null;
  // One keyring for the room list, the chat store and the sender: every room's keys at the first
  // need, then one room's (a room joined since, a rotation).
  const crypto = new RoomCrypto(
    (roomId) => api.call('GET /api/rooms/:id/keys', { params: { id: roomId } }),
    async () => (await api.call('GET /api/rooms/keys')).keys,
  );
  const rooms = new Rooms({
    api,
    realtime,
    me: myId,
    reloadDelayMs: options.roomsReloadDelayMs,
    decrypt: async (roomId, messageId, content, version) => crypto.decrypt(`m:${messageId}`, content, await crypto.key(roomId).catch(() => null), version),
  });
  const files = new FileAccess(api);
  const sender = new Sender({ realtime, crypto, uploads: new Uploads(api), timing: options.timing });
  /** The signed-in user's index of the encrypted messages this device decrypted. */
  let deviceIndex: DeviceIndex | null = null;
  const chat = new Chat({
    api,
    realtime,
    me: () => session.user,
    crypto,
    outgoing: sender.outgoing,
    typingExpiryMs: options.typingExpiryMs,
    onLatest: (roomId, m, text) => rooms.notePreview(roomId, m.created_at, text),
    onDecrypted: (items) => deviceIndex?.add(items),
    onDeleted: (id) => deviceIndex?.remove(id),
  });
  const search = new Search({ api, device: () => deviceIndex, inRoom: (id) => rooms.byId(id) !== undefined, currentRoom: () => rooms.current.peek() });
  const users = new Users(api);
  const polls = new Polls(api);
  const actions = new MessageActions({ api, crypto, chat });
  const pins = new Pins({ api, crypto });
  const roomFiles = new RoomFiles(api);
  const profileImage = new ProfileImage(api, session);
  const updates = new Updates({ api, platform, intervalMs: options.updateIntervalMs, releaseKey: options.releaseKey });
  const account = new Account(api, session);
  const admin = new Admin(api);
  const kv = options.outboxKV ?? platform.outboxKV ?? idbKV();
  // Message events are applied one at a time: decryption is async and must not reorder them.
  const inbound = serial();
  /** `server\nuser` of the running session; null when signed out. */
  let active: string | null = null;
  /** Bumped at teardown: events still queued from the previous session are dropped. */
  let generation = 0;

  function bind(socket: ClientSocket): void {
    const g = generation;
    const queued = (job: () => unknown) => void inbound(async () => (g === generation ? job() : undefined)).catch(() => {});
    socket.on('new_message', (m) =>
      queued(async () => {
        const text = await chat.applyNewMessage(m);
        if (g !== generation) return;
        rooms.applyNewMessage(m, text);
        roomFiles.applyNewMessage(m);
        notifyIncoming(platform, rooms, session.user, m, text);
      }),
    );
    socket.on('message_edited', (e) =>
      queued(() => {
        rooms.applyEdited(e);
        return chat.applyEdited(e);
      }),
    );
    socket.on('message_deleted', (e) =>
      queued(() => {
        roomFiles.applyDeleted(e);
        rooms.applyDeleted(e);
        return chat.applyDeleted(e);
      }),
    );
    socket.on('reaction_updated', (e) => queued(() => chat.applyReactions(e)));
    socket.on('read_updated', (e) =>
      queued(() => {
        chat.applyRead(e);
        rooms.applyRead(e);
      }),
    );
    socket.on('user_typing', (e) => chat.applyTyping(e));
    socket.on('user_status', (e) => {
      users.applyStatus(e);
      chat.applyStatus(e);
      rooms.applyStatus(e);
    });
    socket.on('user_profile_updated', (e) => {
      if (e.user_id === session.user?.id) session.patchUser({ nickname: e.nickname, profile_image: e.profile_image });
      users.applyProfile(e);
      chat.applyProfile(e);
      rooms.scheduleReload();
    });
    socket.on('poll_created', (e) => polls.applyCreated(e));
    socket.on('poll_updated', (e) => polls.applyUpdated(e));
    socket.on('pin_updated', (e) => pins.applyUpdated(e));
    socket.on('room_updated', (e) => rooms.applyRoomUpdated(e));
    socket.on('room_name_updated', (e) => rooms.applyNameUpdated(e));
    // A member left or was removed: seal with the new key from now on (fetched, never sent in the event).
    socket.on('room_key_rotated', (e) => void crypto.refresh(e.room_id).catch(() => {}));
    socket.on('room_members_updated', (e) => {
      rooms.applyMembersUpdated(e);
      void chat.refreshMembers(e.room_id);
    });
  }

  function teardown(): void {
    generation++;
    active = null;
    realtime.disconnect();
    sender.stop();
    files.clear();
    chat.reset();
    crypto.clear();
    rooms.reset();
    users.reset();
    polls.reset();
    pins.reset();
    roomFiles.reset();
    account.reset();
    admin.reset();
    search.reset();
    deviceIndex = null;
    updates.stop();
  }

  session.onGranted = () => {
    const user = session.user;
    if (!user || updates.required.value) return;
    const scope = `${api.baseUrl}\n${user.id}`;
    if (scope === active) return;
    if (active) teardown();
    active = scope;
    deviceIndex = new DeviceIndex((options.searchStore ?? idbIndexStore)(api.baseUrl, user.id));
    updates.start();
    void sender.start(new Outbox(kv, { serverUrl: api.baseUrl, userId: user.id }));
    bind(realtime.connect(api.baseUrl));
    void rooms.load().catch(() => {});
  };
  session.state.subscribe((s) => {
    if (s.status === 'anonymous' && active) teardown();
  });
  updates.required.subscribe((required) => {
    if (required && active) teardown();
  });
  realtime.onConnect = () => {
    rooms.resubscribe();
    sender.replay();
  };
  realtime.onResync = () => {
    void chat.catchUp();
    void rooms.load().catch(() => {});
    void polls.reloadAll();
    void pins.reloadAll();
    void roomFiles.load().catch(() => {});
  };

  async function logout(): Promise<void> {
    // The socket goes first, so the server's revoke-disconnect does not trigger a refresh.
    const index = deviceIndex;
    teardown();
    // What this device decrypted does not outlive the session.
    await index?.wipe().catch(() => {});
    await session.logout();
  }
  // The desktop tray: its unread total (muted rooms left out) and its Sign out, which asks first
  // when messages are unsent, as the settings menu does.
  rooms.list.subscribe((list) => platform.setUnread?.(list.reduce((n, r) => n + (r.muted ? 0 : r.unread_count), 0)));
  platform.onSignOutRequest?.(async () => {
    const n = sender.unsent.value;
    if (!session.user || (n > 0 && !(await platform.confirm?.(t('logout.unsent_confirm', { n }))))) return;
    await logout();
  });

  return {
    platform,
    api,
    session,
    realtime,
    rooms,
    chat,
    sender,
    files,
    profileImage,
    users,
    polls,
    actions,
    pins,
    roomFiles,
    crypto,
    updates,
    account,
    admin,
    search,
    logout,
    dispose: teardown,
  };
}
