/** socket.io room names ("channels"): every socket of a user, of a device session, and of a chat
 * room's members. A leaf module: features and the transport both name channels through it. */
export const userChannel = (userId: number) => `user_${userId}`;
export const roomChannel = (roomId: number) => `room_${roomId}`;
/** Every socket of a device session sits here, so revocation reaches it on any instance. */
export const sessionChannel = (sessionId: number) => `session_${sessionId}`;
