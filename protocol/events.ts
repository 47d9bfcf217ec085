import type { AckError, SocketError } from './envelope.ts';
import type { Locale } from './locale.ts';
import type {
  DeleteMessageAck,
  DeleteMessagePayload,
  EditMessageAck,
  EditMessagePayload,
  MessageReadPayload,
  OkAck,
  RoomRefAck,
  RoomRefPayload,
  SendMessageAck,
  SendMessagePayload,
  SubscribeRoomsAck,
  SubscribeRoomsPayload,
  TypingAck,
  TypingPayload,
} from './events/client.ts';
import type {
  AdminUpdatedEvent,
  JoinedRoomEvent,
  MessageDeletedEvent,
  MessageEditedEvent,
  NewMessageEvent,
  PinUpdatedEvent,
  PollCreatedEvent,
  PollUpdatedEvent,
  ReactionUpdatedEvent,
  ReadUpdatedEvent,
  RoomMembersUpdatedEvent,
  RoomNameUpdatedEvent,
  RoomUpdatedEvent,
  UserProfileUpdatedEvent,
  UserStatusEvent,
  UserTypingEvent,
} from './events/server.ts';

export * from './events/client.ts';
export * from './events/server.ts';

/** Client events with a real handler. */
export const handledClientEventNames = [
  'subscribe_rooms',
  'join_room',
  'leave_room',
  'send_message',
  'message_read',
  'typing',
  'edit_message',
  'delete_message',
] as const;

/** The origin's client-triggered relays. They trusted the client (forged names, unchecked
 * broadcasts, §11.1.3), so the server emits these itself after each REST mutation; the names stay
 * registered and ACK `{ok:false, error_code:'EVENT_NOT_ALLOWED'}` (plus an `error` event). */
export const relayEventNames = [
  'room_name_updated',
  'room_members_updated',
  'profile_updated',
  'pin_updated',
  'admin_updated',
  'poll_created',
  'poll_updated',
  'reaction_updated',
] as const;
export type RelayEventName = (typeof relayEventNames)[number];

/** Exactly the names the server registers with `socket.on` (16). */
export const clientEventNames = [...handledClientEventNames, ...relayEventNames] as const satisfies readonly (keyof ClientToServerEvents)[];
export type ClientEventName = (typeof clientEventNames)[number];

/** The origin's 18 inbound handler names (its sibling froze them in a contract test): the 16
 * above plus the lifecycle events, which socket.io delivers as `connection` / `disconnect`. */
export const originInboundEventNames = ['connect', 'disconnect', ...clientEventNames] as const;

type Ack<T> = (res: T) => void;
/** A relay name: any payload is refused. */
type RelayHandler = (payload: unknown, ack: Ack<AckError>) => void;

/** Client → server. Every handler ACKs (the server checks that `ack` is a function: origin
 * clients emit most events without one). Payloads are parsed with the schemas of events/client.ts. */
export interface ClientToServerEvents {
  /** Join `room_{id}` for each listed room the caller belongs to; the rest are skipped. */
  subscribe_rooms: (payload: SubscribeRoomsPayload, ack: Ack<SubscribeRoomsAck>) => void;
  /** Join `room_{id}` on this socket if a member; also emits `joined_room` to this socket. */
  join_room: (payload: RoomRefPayload, ack: Ack<RoomRefAck>) => void;
  /** Leave `room_{id}` on this socket only; membership is unchanged. */
  leave_room: (payload: RoomRefPayload, ack: Ack<RoomRefAck>) => void;
  /** Store a message (idempotent on room, sender, client_msg_id) and emit `new_message` to `room_{id}`. */
  send_message: (payload: SendMessagePayload, ack: Ack<SendMessageAck>) => void;
  /** Move the caller's read pointer forward; emits `read_updated` to `room_{id}`. */
  message_read: (payload: MessageReadPayload, ack: Ack<OkAck>) => void;
  /** Emits `user_typing` to `room_{id}` except the sending socket. */
  typing: (payload: TypingPayload, ack: Ack<TypingAck>) => void;
  /** Sender only; emits `message_edited` to `room_{id}`. */
  edit_message: (payload: EditMessagePayload, ack: Ack<EditMessageAck>) => void;
  /** Sender only, soft delete; emits `message_deleted` to `room_{id}`. */
  delete_message: (payload: DeleteMessagePayload, ack: Ack<DeleteMessageAck>) => void;
  room_name_updated: RelayHandler;
  room_members_updated: RelayHandler;
  profile_updated: RelayHandler;
  pin_updated: RelayHandler;
  admin_updated: RelayHandler;
  poll_created: RelayHandler;
  poll_updated: RelayHandler;
  reaction_updated: RelayHandler;
}

/** Server → client. `room_{id}` holds the sockets of that room's members, `user_{id}` every
 * socket of one user. */
export interface ServerToClientEvents {
  /** send_message → `room_{id}`, sender included. */
  new_message: (payload: NewMessageEvent) => void;
  /** message_read → `room_{id}`. */
  read_updated: (payload: ReadUpdatedEvent) => void;
  /** typing → `room_{id}` minus the sending socket. */
  user_typing: (payload: UserTypingEvent) => void;
  /** A user's first socket connects / last socket leaves → each `room_{id}` they belong to. */
  user_status: (payload: UserStatusEvent) => void;
  /** join_room → the requesting socket. */
  joined_room: (payload: JoinedRoomEvent) => void;
  /** REST: create → `user_{id}` of each member; invite → `room_{id}` + `user_{invitee}`; leave/kick →
   * `room_{id}` + `user_{leaver|target}`; rename → `room_{id}`; pin-room/mute → `user_{caller}`. */
  room_updated: (payload: RoomUpdatedEvent) => void;
  /** REST rename → `room_{id}`. */
  room_name_updated: (payload: RoomNameUpdatedEvent) => void;
  /** REST invite, admins → `room_{id}`; leave/kick → `room_{id}` + `user_{leaver|target}`. */
  room_members_updated: (payload: RoomMembersUpdatedEvent) => void;
  /** edit_message or PUT /api/messages/:id → `room_{id}`. */
  message_edited: (payload: MessageEditedEvent) => void;
  /** delete_message, DELETE /api/messages/:id or a file delete → `room_{id}`. */
  message_deleted: (payload: MessageDeletedEvent) => void;
  /** POST /api/messages/:id/reactions → `room_{id}`. */
  reaction_updated: (payload: ReactionUpdatedEvent) => void;
  /** POST /api/rooms/:id/polls → `room_{id}`. */
  poll_created: (payload: PollCreatedEvent) => void;
  /** Vote, close, or the deadline passing → `room_{id}`. */
  poll_updated: (payload: PollUpdatedEvent) => void;
  /** POST/DELETE /api/rooms/:id/pins → `room_{id}`. */
  pin_updated: (payload: PinUpdatedEvent) => void;
  /** POST /api/rooms/:id/admins → `room_{id}`. */
  admin_updated: (payload: AdminUpdatedEvent) => void;
  /** Profile or avatar change → `user_{id}` and each `room_{id}` of that user (the origin
   * broadcast client-supplied values to everyone). */
  user_profile_updated: (payload: UserProfileUpdatedEvent) => void;
  /** Any handler's failure → the requesting socket (origin shape; the ACK carries the same code). */
  error: (payload: SocketError) => void;
}

export const serverEventNames = [
  'new_message',
  'read_updated',
  'user_typing',
  'user_status',
  'joined_room',
  'room_updated',
  'room_name_updated',
  'room_members_updated',
  'message_edited',
  'message_deleted',
  'reaction_updated',
  'poll_created',
  'poll_updated',
  'pin_updated',
  'admin_updated',
  'user_profile_updated',
  'error',
] as const satisfies readonly (keyof ServerToClientEvents)[];

/** Between server instances: nothing (the adapter relays room emits). */
export interface InterServerEvents {}

/** What the connect middleware stores on `socket.data`. */
export interface SocketData {
  userId: number;
  sessionId: number;
  nickname: string;
  locale: Locale;
}
