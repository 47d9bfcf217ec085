/** A member's read pointer in one room. */
export interface ReadPointer {
  userId: number;
  lastRead: number;
}

/** A message's unread count: the room's members, its sender excluded, whose read pointer is below
 * the message id (the KakaoWork-style figure on each bubble). Pointers are sorted once, then each
 * message costs a binary search, so a page of 200 messages in a 500-member room stays cheap. */
export function unreadCounter(reads: readonly ReadPointer[]): (messageId: number, senderId: number | null) => number {
  const sorted = reads.map((r) => r.lastRead).sort((a, b) => a - b);
  const byUser = new Map(reads.map((r) => [r.userId, r.lastRead]));
  return (messageId, senderId) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < messageId) lo = mid + 1;
      else hi = mid;
    }
    const senderRead = senderId == null ? undefined : byUser.get(senderId);
    return lo - (senderRead !== undefined && senderRead < messageId ? 1 : 0);
  };
}
