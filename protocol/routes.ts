import { z } from 'zod';
import { successSchema } from './common.ts';
import {
  adminActionResponseSchema,
  adminAuditQuerySchema,
  adminAuditResponseSchema,
  adminResetPasswordResponseSchema,
  adminUserListQuerySchema,
  adminUserListResponseSchema,
} from './rest/admin.ts';
import { roomAdminCheckResponseSchema, roomAdminsResponseSchema, roomAdminUpdateRequestSchema, roomAdminUpdateResponseSchema } from './rest/admins.ts';
import {
  approveUserRequestSchema,
  approveUserResponseSchema,
  deviceSessionCreateRequestSchema,
  deviceSessionCreateResponseSchema,
  deviceSessionListQuerySchema,
  deviceSessionListResponseSchema,
  deviceSessionRefreshResponseSchema,
  deviceSessionRevokeCurrentResponseSchema,
  deviceSessionRevokeOthersResponseSchema,
  deviceSessionRevokeResponseSchema,
  deviceTokenBodySchema,
  enterpriseLoginRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  logoutResponseSchema,
  meResponseSchema,
  registerRequestSchema,
  registerResponseSchema,
  securityAuditQuerySchema,
  securityAuditResponseSchema,
} from './rest/auth.ts';
import {
  messageDeleteResponseSchema,
  messageEditRequestSchema,
  messageEditResponseSchema,
  messagesQuerySchema,
  messagesResponseSchema,
  reactionsResponseSchema,
  reactionToggleRequestSchema,
  reactionToggleResponseSchema,
} from './rest/messages.ts';
import { pinCreateRequestSchema, pinCreateResponseSchema, pinDeleteResponseSchema, pinsResponseSchema } from './rest/pins.ts';
import {
  pollCloseResponseSchema,
  pollCreateRequestSchema,
  pollCreateResponseSchema,
  pollsResponseSchema,
  pollVoteRequestSchema,
  pollVoteResponseSchema,
} from './rest/polls.ts';
import {
  roomCreateRequestSchema,
  roomCreateResponseSchema,
  roomInfoResponseSchema,
  roomKeysResponseSchema,
  roomInviteRequestSchema,
  roomInviteResponseSchema,
  roomKickResponseSchema,
  roomLeaveResponseSchema,
  roomListQuerySchema,
  roomListResponseSchema,
  roomMuteRequestSchema,
  roomPinRequestSchema,
  roomRenameRequestSchema,
  roomRenameResponseSchema,
  roomSettingResponseSchema,
} from './rest/rooms.ts';
import { roomKeyRingSchema } from './rest/room-keys.ts';
import { fileDeleteResponseSchema, roomFilesQuerySchema, roomFilesResponseSchema, uploadQuerySchema, uploadResponseSchema } from './rest/files.ts';
import { advancedSearchRequestSchema, advancedSearchResponseSchema, searchQuerySchema, searchResponseSchema } from './rest/search.ts';
import { clientUpdateQuerySchema, clientUpdateResponseSchema, healthResponseSchema, i18nResponseSchema, readyResponseSchema } from './rest/system.ts';
import {
  accountDeleteRequestSchema,
  onlineUsersResponseSchema,
  passwordChangeRequestSchema,
  passwordChangeResponseSchema,
  profileImageResponseSchema,
  profileSchema,
  profileUpdateRequestSchema,
  userListResponseSchema,
} from './rest/users.ts';

/** Who may call a route: anyone, or a signed-in user (401 otherwise). */
export type RouteAuth = 'public' | 'user';

export interface RouteSpec {
  summary: string;
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
}

/** Every REST route the server answers, keyed `METHOD /path` (Hono path syntax). The server
 * registers exactly these (a test compares), parses bodies and queries with these schemas and
 * answers with the response type; the client's REST calls take their types from here; and
 * docs/protocol.md is generated from it. Errors always use the envelope of envelope.ts. */
export const restRoutes = {
  // ---- identity
  'POST /api/register': { summary: 'Create an account (202 with pending_approval when approval is required)', auth: 'public', body: registerRequestSchema, response: registerResponseSchema },
  'POST /api/login': { summary: 'Browser login: sets the HttpOnly session and device cookies', auth: 'public', body: loginRequestSchema, response: loginResponseSchema },
  'POST /api/logout': { summary: 'End the current session (or the one a device token names) and clear the cookies', auth: 'public', body: deviceTokenBodySchema, response: logoutResponseSchema },
  'GET /api/me': { summary: 'Who is calling (logged_in false without a live session)', auth: 'public', response: meResponseSchema },
  'GET /api/profile': { summary: "The caller's profile", auth: 'user', response: profileSchema },
  'PUT /api/profile': { summary: 'Change nickname or status message; emits user_profile_updated', auth: 'user', body: profileUpdateRequestSchema, response: successSchema.extend({ profile: profileSchema }) },
  'POST /api/profile/image': { summary: 'Set the avatar (multipart `file`: png/jpg/gif/webp ≤ 5 MB, magic-checked, stored re-encoded as WebP; 503 `SERVICE_UNAVAILABLE` on a server without image processing, the single binary); emits user_profile_updated', auth: 'user', response: profileImageResponseSchema },
  'DELETE /api/profile/image': { summary: 'Remove the avatar; emits user_profile_updated', auth: 'user', response: successSchema },
  'PUT /api/me/password': { summary: 'Change the password; every other session is revoked', auth: 'user', body: passwordChangeRequestSchema, response: passwordChangeResponseSchema },
  'DELETE /api/me': { summary: 'Delete the account (password required); all sessions end', auth: 'user', body: accountDeleteRequestSchema, response: successSchema },
  'GET /api/users': { summary: 'Every approved user but the caller, for pickers', auth: 'user', response: userListResponseSchema },
  'GET /api/users/online': { summary: 'Approved users online now, but the caller', auth: 'user', response: onlineUsersResponseSchema },
  'POST /api/admin/users/approve': { summary: 'Platform admin: approve or reject a pending account', auth: 'user', body: approveUserRequestSchema, response: approveUserResponseSchema },
  // ---- platform administration (platform admins; 403 PLATFORM_ADMIN_REQUIRED for others)
  'GET /api/admin/users': { summary: 'Platform admin: accounts by status (pending/active/disabled/rejected/all) and username substring', auth: 'user', query: adminUserListQuerySchema, response: adminUserListResponseSchema },
  'POST /api/admin/users/:id/reject': { summary: 'Platform admin: reject an account (its sessions end)', auth: 'user', response: adminActionResponseSchema },
  'POST /api/admin/users/:id/disable': { summary: 'Platform admin: disable an account: every session ends at once, logins are refused (never yourself or the last platform admin)', auth: 'user', response: adminActionResponseSchema },
  'POST /api/admin/users/:id/enable': { summary: 'Platform admin: enable a disabled account', auth: 'user', response: adminActionResponseSchema },
  'POST /api/admin/users/:id/reset-password': { summary: 'Platform admin: set a temporary password (shown once); its sessions end and the user must choose a new password', auth: 'user', response: adminResetPasswordResponseSchema },
  'GET /api/admin/audit': { summary: 'Platform admin: the admin audit log, newest first, paged by before_id', auth: 'user', query: adminAuditQuerySchema, response: adminAuditResponseSchema },
  'POST /api/auth/enterprise-login': { summary: 'Enterprise login hook (answers ENTERPRISE_AUTH_* errors until a provider exists)', auth: 'public', body: enterpriseLoginRequestSchema, response: z.never() },
  // ---- device sessions
  'POST /api/device-sessions': { summary: 'Desktop login: a device token plus an access token', auth: 'public', body: deviceSessionCreateRequestSchema, response: deviceSessionCreateResponseSchema },
  'POST /api/device-sessions/refresh': { summary: 'Rotate the device token and get a new access token (reuse revokes the session)', auth: 'public', body: deviceTokenBodySchema, response: deviceSessionRefreshResponseSchema },
  'DELETE /api/device-sessions/current': { summary: 'Log this device out (device token from header, body or cookie)', auth: 'public', body: deviceTokenBodySchema, response: deviceSessionRevokeCurrentResponseSchema },
  'GET /api/device-sessions': { summary: "The caller's device sessions", auth: 'user', query: deviceSessionListQuerySchema, response: deviceSessionListResponseSchema },
  'POST /api/device-sessions/revoke-others': { summary: "Revoke every session of the caller but this one; their sockets are cut at once", auth: 'user', response: deviceSessionRevokeOthersResponseSchema },
  'DELETE /api/device-sessions/:id': { summary: 'Revoke one of the caller\'s sessions; its sockets are cut at once', auth: 'user', response: deviceSessionRevokeResponseSchema },
  // ---- rooms
  'GET /api/rooms': { summary: "The caller's rooms with previews and unread counts", auth: 'user', query: roomListQuerySchema, response: roomListResponseSchema },
  'POST /api/rooms': { summary: 'Create a room (two people: the direct room, deduplicated)', auth: 'user', body: roomCreateRequestSchema, response: roomCreateResponseSchema },
  'GET /api/rooms/keys': { summary: "The encryption keys of the caller's rooms (previews and notifications are decrypted on the device)", auth: 'user', response: roomKeysResponseSchema },
  'GET /api/rooms/:id/keys': { summary: 'The key versions of one room the caller may hold (members only; fetched again after room_key_rotated)', auth: 'user', response: roomKeyRingSchema },
  'GET /api/rooms/:id/info': { summary: 'A room and its members (members only)', auth: 'user', response: roomInfoResponseSchema },
  'PUT /api/rooms/:id/name': { summary: 'Rename a group (room admins)', auth: 'user', body: roomRenameRequestSchema, response: roomRenameResponseSchema },
  'POST /api/rooms/:id/pin-room': { summary: "Pin or unpin the room in the caller's list", auth: 'user', body: roomPinRequestSchema, response: roomSettingResponseSchema },
  'POST /api/rooms/:id/pin': { summary: 'Alias of pin-room (origin compatibility)', auth: 'user', body: roomPinRequestSchema, response: roomSettingResponseSchema },
  'POST /api/rooms/:id/mute': { summary: 'Mute or unmute the room for the caller', auth: 'user', body: roomMuteRequestSchema, response: roomSettingResponseSchema },
  'POST /api/rooms/:id/members': { summary: 'Invite users into a group (any member)', auth: 'user', body: roomInviteRequestSchema, response: roomInviteResponseSchema },
  'POST /api/rooms/:id/leave': { summary: 'Leave the room', auth: 'user', response: roomLeaveResponseSchema },
  'DELETE /api/rooms/:id/members/:target': { summary: 'Kick a member (room admins; never an admin)', auth: 'user', response: roomKickResponseSchema },
  'GET /api/rooms/:id/admins': { summary: 'The room admins, owner first', auth: 'user', response: roomAdminsResponseSchema },
  'GET /api/rooms/:id/admin-check': { summary: 'Whether the caller is a room admin', auth: 'user', response: roomAdminCheckResponseSchema },
  'POST /api/rooms/:id/admins': { summary: 'Promote or demote a member (room admins; never the last admin)', auth: 'user', body: roomAdminUpdateRequestSchema, response: roomAdminUpdateResponseSchema },
  // ---- messages
  'GET /api/rooms/:id/messages': { summary: 'History page (before_id) or catch-up (after_id), ascending, with meta', auth: 'user', query: messagesQuerySchema, response: messagesResponseSchema },
  'PUT /api/messages/:id': { summary: 'Edit a text message (sender only); emits message_edited', auth: 'user', body: messageEditRequestSchema, response: messageEditResponseSchema },
  'DELETE /api/messages/:id': { summary: 'Delete a message (sender only, soft); emits message_deleted', auth: 'user', response: messageDeleteResponseSchema },
  'GET /api/messages/:id/reactions': { summary: 'Reactions of a message', auth: 'user', response: reactionsResponseSchema },
  'POST /api/messages/:id/reactions': { summary: "Toggle the caller's reaction; emits reaction_updated", auth: 'user', body: reactionToggleRequestSchema, response: reactionToggleResponseSchema },
  // ---- pins (room notices)
  'GET /api/rooms/:id/pins': { summary: "The room's notices, newest first (a message pin carries that message of the same room)", auth: 'user', response: pinsResponseSchema },
  'POST /api/rooms/:id/pins': { summary: 'Pin a message of this room and/or free text (any member); emits pin_updated', auth: 'user', body: pinCreateRequestSchema, response: pinCreateResponseSchema },
  'DELETE /api/rooms/:id/pins/:pin_id': { summary: 'Unpin a notice (any member); emits pin_updated', auth: 'user', response: pinDeleteResponseSchema },
  // ---- search
  'GET /api/search': { summary: "Search the caller's rooms (plaintext and file names; infix, ranked then newest): the hits only; 30/minute", auth: 'user', query: searchQuerySchema, response: searchResponseSchema },
  'POST /api/search/advanced': { summary: 'Search with room, sender, inclusive UTC date range, file_only and paging: {messages, total, offset, limit, has_more}; 30/minute', auth: 'user', body: advancedSearchRequestSchema, response: advancedSearchResponseSchema },
  // ---- polls
  'GET /api/rooms/:id/polls': { summary: "The room's polls, newest first, each with the caller's own votes (never other voters)", auth: 'user', response: pollsResponseSchema },
  'POST /api/rooms/:id/polls': { summary: 'Create a poll (2–10 options, optional UTC deadline); emits poll_created', auth: 'user', body: pollCreateRequestSchema, response: pollCreateResponseSchema },
  'POST /api/polls/:id/vote': { summary: "Vote (replaces the caller's previous vote; refused once closed or past the deadline); emits poll_updated", auth: 'user', body: pollVoteRequestSchema, response: pollVoteResponseSchema },
  'POST /api/polls/:id/close': { summary: 'Close a poll (its creator or a room admin); emits poll_updated', auth: 'user', response: pollCloseResponseSchema },
  // ---- files (downloads are GET /uploads/<path>, outside this table: they answer bytes)
  'POST /api/upload': { summary: 'Upload a file (multipart: room_id first, then file); answers a single-use upload token for send_message', auth: 'user', query: uploadQuerySchema, response: uploadResponseSchema },
  'GET /api/rooms/:id/files': { summary: "The room's files, newest first (?type=image|file)", auth: 'user', query: roomFilesQuerySchema, response: roomFilesResponseSchema },
  'DELETE /api/rooms/:id/files/:file_id': { summary: 'Delete a file (uploader or room admin): gone from disk and list; its message is soft-deleted (message_deleted)', auth: 'user', response: fileDeleteResponseSchema },
  // ---- system
  'GET /api/system/health': { summary: 'Measured health of the database, rate-limit store and maintenance (503 when the database is down)', auth: 'user', response: healthResponseSchema },
  'GET /api/system/ready': { summary: 'Readiness for load balancers, no login: 200 while the database answers within 2 s, 503 otherwise (and while shutting down)', auth: 'public', response: readyResponseSchema },
  'GET /api/client/update': { summary: 'Desktop update policy for a version and channel', auth: 'public', query: clientUpdateQuerySchema, response: clientUpdateResponseSchema },
  'GET /api/i18n/:domain': { summary: 'A translation catalogue in the caller\'s language', auth: 'public', response: i18nResponseSchema },
  'GET /api/security/audit': { summary: "The caller's recent access log and sessions", auth: 'user', query: securityAuditQuerySchema, response: securityAuditResponseSchema },
} as const satisfies Record<string, RouteSpec>;

export type RestRoutes = typeof restRoutes;
export type RouteKey = keyof RestRoutes;
type Spec<K extends RouteKey> = RestRoutes[K];

/** What the server answers on success. */
export type RouteResponse<K extends RouteKey> = z.output<Spec<K>['response']>;
/** The body in its canonical form (what the server's schema produces; always accepted back). */
export type RouteBody<K extends RouteKey> = Spec<K> extends { body: z.ZodType } ? z.output<Spec<K>['body']> : never;
export type RouteQuery<K extends RouteKey> = Spec<K> extends { query: z.ZodType } ? z.output<Spec<K>['query']> : never;

