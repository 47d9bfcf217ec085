import type { z } from 'zod';
import type { AckError, SocketError } from './envelope.ts';
import type { Locale } from './locale.ts';
import { socketErrorSchema } from './envelope.ts';
import {
  deleteMessageAckSchema,
  deleteMessagePayloadSchema,
  editMessageAckSchema,
  editMessagePayloadSchema,
  messageReadAckSchema,
  messageReadPayloadSchema,
  roomRefAckSchema,
  roomRefPayloadSchema,
  sendMessageAckSchema,
  sendMessagePayloadSchema,
  subscribeRoomsAckSchema,
  subscribeRoomsPayloadSchema,
  typingAckSchema,
  typingPayloadSchema,
} from './events/client.ts';
import {
  adminUpdatedEventSchema,
  joinedRoomEventSchema,
  messageDeletedEventSchema,
  messageEditedEventSchema,
  newMessageEventSchema,
  pinUpdatedEventSchema,
  pollCreatedEventSchema,
  pollUpdatedEventSchema,
  reactionUpdatedEventSchema,
  readUpdatedEventSchema,
  roomKeyRotatedEventSchema,
  roomMembersUpdatedEventSchema,
  roomNameUpdatedEventSchema,
  roomUpdatedEventSchema,
  userProfileUpdatedEventSchema,
  userStatusEventSchema,
  userTypingEventSchema,
} from './events/server.ts';
import type {
  DeleteMessageAck,
  DeleteMessagePayload,
  EditMessageAck,
  EditMessagePayload,
  MessageReadAck,
  MessageReadPayload,
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
  RoomKeyRotatedEvent,
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
export type HandledClientEventName = (typeof handledClientEventNames)[number];

/** The origin's client-triggered relays. They trusted the client (forged names, unchecked
 * broadcasts), so the server emits these itself after each REST mutation; the names stay
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
  subscribe_rooms: (payload: SubscribeRoomsPayload, ack: Ack<SubscribeRoomsAck>) => void;
  join_room: (payload: RoomRefPayload, ack: Ack<RoomRefAck>) => void;
  leave_room: (payload: RoomRefPayload, ack: Ack<RoomRefAck>) => void;
  send_message: (payload: SendMessagePayload, ack: Ack<SendMessageAck>) => void;
  message_read: (payload: MessageReadPayload, ack: Ack<MessageReadAck>) => void;
  typing: (payload: TypingPayload, ack: Ack<TypingAck>) => void;
  edit_message: (payload: EditMessagePayload, ack: Ack<EditMessageAck>) => void;
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
  new_message: (payload: NewMessageEvent) => void;
  read_updated: (payload: ReadUpdatedEvent) => void;
  user_typing: (payload: UserTypingEvent) => void;
  user_status: (payload: UserStatusEvent) => void;
  joined_room: (payload: JoinedRoomEvent) => void;
  room_updated: (payload: RoomUpdatedEvent) => void;
  room_name_updated: (payload: RoomNameUpdatedEvent) => void;
  room_members_updated: (payload: RoomMembersUpdatedEvent) => void;
  message_edited: (payload: MessageEditedEvent) => void;
  message_deleted: (payload: MessageDeletedEvent) => void;
  reaction_updated: (payload: ReactionUpdatedEvent) => void;
  poll_created: (payload: PollCreatedEvent) => void;
  poll_updated: (payload: PollUpdatedEvent) => void;
  pin_updated: (payload: PinUpdatedEvent) => void;
  admin_updated: (payload: AdminUpdatedEvent) => void;
  user_profile_updated: (payload: UserProfileUpdatedEvent) => void;
  room_key_rotated: (payload: RoomKeyRotatedEvent) => void;
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
  'room_key_rotated',
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

/** The schema every handled client event's payload is parsed with (one per event). */
export const clientEventSchemas = {
  subscribe_rooms: subscribeRoomsPayloadSchema,
  join_room: roomRefPayloadSchema,
  leave_room: roomRefPayloadSchema,
  send_message: sendMessagePayloadSchema,
  message_read: messageReadPayloadSchema,
  typing: typingPayloadSchema,
  edit_message: editMessagePayloadSchema,
  delete_message: deleteMessagePayloadSchema,
} as const satisfies { [E in HandledClientEventName]: z.ZodType };

/** The ACK schema of each handled client event (the types above must match them). */
export const clientEventAckSchemas: { [E in HandledClientEventName]: z.ZodType<ClientEventAck<E>> } = {
  subscribe_rooms: subscribeRoomsAckSchema,
  join_room: roomRefAckSchema,
  leave_room: roomRefAckSchema,
  send_message: sendMessageAckSchema,
  message_read: messageReadAckSchema,
  typing: typingAckSchema,
  edit_message: editMessageAckSchema,
  delete_message: deleteMessageAckSchema,
};

type AckOf<F> = F extends (payload: never, ack: (res: infer R) => void) => void ? R : never;
/** What a client emits for event E. */
export type ClientEventPayload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
/** The ACK the server answers event E with: `{ok:true, ...}` or the common `{ok:false, ...}`. */
export type ClientEventAck<E extends keyof ClientToServerEvents> = AckOf<ClientToServerEvents[E]>;
/** The payload as the server sees it after parsing. */
export type ParsedClientEvent<E extends HandledClientEventName> = z.output<(typeof clientEventSchemas)[E]>;
/** The success fields a server handler returns for E (the transport adds `ok: true`). */
export type ClientEventResult<E extends HandledClientEventName> = Omit<Extract<ClientEventAck<E>, { ok: true }>, 'ok'>;

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** The schema of each server event's payload (the event map's types must match them). */
export const serverEventSchemas: { [E in ServerEventName]: z.ZodType<ServerEventPayload<E>> } = {
  new_message: newMessageEventSchema,
  read_updated: readUpdatedEventSchema,
  user_typing: userTypingEventSchema,
  user_status: userStatusEventSchema,
  joined_room: joinedRoomEventSchema,
  room_updated: roomUpdatedEventSchema,
  room_name_updated: roomNameUpdatedEventSchema,
  room_members_updated: roomMembersUpdatedEventSchema,
  message_edited: messageEditedEventSchema,
  message_deleted: messageDeletedEventSchema,
  reaction_updated: reactionUpdatedEventSchema,
  poll_created: pollCreatedEventSchema,
  poll_updated: pollUpdatedEventSchema,
  pin_updated: pinUpdatedEventSchema,
  admin_updated: adminUpdatedEventSchema,
  user_profile_updated: userProfileUpdatedEventSchema,
  room_key_rotated: roomKeyRotatedEventSchema,
  error: socketErrorSchema,
};

/** What each client event does (docs/protocol.md is generated from these). */
export const clientEventDocs: { [E in ClientEventName]: string } = {
  subscribe_rooms: 'Join `room_{id}` for each listed room the caller belongs to; the rest are skipped.',
  join_room: 'Join `room_{id}` on this socket if a member; also emits `joined_room` to this socket.',
  leave_room: 'Leave `room_{id}` on this socket only; membership is unchanged.',
  send_message: 'Store a message (idempotent on room, sender, client_msg_id) and emit `new_message` to `room_{id}`; ACKed after commit.',
  message_read: "Move the caller's read pointer forward; emits `read_updated` to `room_{id}`.",
  typing: 'Emits `user_typing` to `room_{id}` except the sending socket (starts throttled to 1/s, stops never dropped, expiry 6 s).',
  edit_message: 'Sender only; emits `message_edited` to `room_{id}`.',
  delete_message: 'Sender only, soft delete; emits `message_deleted` to `room_{id}`.',
  room_name_updated: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits it after PUT /api/rooms/:id/name).',
  room_members_updated: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits it after membership changes).',
  profile_updated: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits `user_profile_updated`).',
  pin_updated: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits it after pin changes).',
  admin_updated: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits it after POST /api/rooms/:id/admins).',
  poll_created: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits it after a poll is created).',
  poll_updated: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits it after votes and closes).',
  reaction_updated: 'Origin relay: refused with EVENT_NOT_ALLOWED (the server emits it after a reaction toggle).',
};

/** Who hears each server event. `room_{id}` holds the sockets of that room's members, `user_{id}`
 * every socket of one user. */
export const serverEventDocs: { [E in ServerEventName]: string } = {
  new_message: 'send_message, or a system notice (rename, invite, leave, kick: Korean `content` as the origin plus its payload in `system`) → `room_{id}`, sender included.',
  read_updated: 'message_read → `room_{id}`.',
  user_typing: 'typing → `room_{id}` minus the sending socket; also a stop on expiry or disconnect.',
  user_status: "A user's first socket connects / last socket leaves → each `room_{id}` they belong to.",
  joined_room: 'join_room → the requesting socket.',
  room_updated: 'REST: create → `user_{id}` of each member; invite → `room_{id}` + `user_{invitee}`; leave/kick → `room_{id}` + `user_{leaver|target}`; rename → `room_{id}`; pin-room/mute → `user_{caller}`.',
  room_name_updated: 'REST rename → `room_{id}`.',
  room_members_updated: 'REST invite, admins → `room_{id}`; leave/kick → `room_{id}` + `user_{leaver|target}`.',
  message_edited: 'edit_message or PUT /api/messages/:id → `room_{id}`.',
  message_deleted: 'delete_message, DELETE /api/messages/:id or a file delete → `room_{id}`.',
  reaction_updated: 'POST /api/messages/:id/reactions → `room_{id}`.',
  poll_created: 'POST /api/rooms/:id/polls → `room_{id}`.',
  poll_updated: 'Vote, close, or the deadline passing → `room_{id}`.',
  pin_updated: 'POST/DELETE /api/rooms/:id/pins → `room_{id}`.',
  admin_updated: 'POST /api/rooms/:id/admins → `room_{id}`.',
  user_profile_updated: 'Profile or avatar change → `user_{id}` and each `room_{id}` of that user.',
  room_key_rotated: 'Leave or kick → `room_{id}` (the remaining members; sent after the removed user\'s sockets left it). No key inside: members fetch it.',
  error: "Any handler's failure → the requesting socket (origin shape; the ACK carries the same code).",
};
