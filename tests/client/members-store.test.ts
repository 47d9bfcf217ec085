import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/suite.ts';
import { type TestUser, createRoom, newUser, rawSocket, startClient, until } from './harness.ts';

/** What the members panel reads: a room's members (chat store), the direct partner (rooms store),
 * and the admin actions (rooms store), kept live by socket events. */

const env = useServer();
const client = async (user: TestUser) => env.track(await startClient(env.t, user));

describe('members in the stores', () => {
  it('follows presence with last_seen_at in the members and the direct partner', async () => {
    const [a, b] = [await newUser(env.t), await newUser(env.t)];
    const dm = await createRoom(env.t, a, [b]);
    const { services } = await client(a);
    const tl = services.chat.open(dm);
    await services.chat.whenLoaded(dm);
    const member = () => tl.members.value.find((m) => m.id === b.userId);
    const partner = () => services.rooms.list.value.find((r) => r.id === dm)?.partner;
    expect(member()).toMatchObject({ status: 'offline', last_seen_at: null, username: b.username, role: 'member' });

    const bSock = await rawSocket(env.t, b);
    await until(() => expect(member()?.status).toBe('online'));
    await until(() => expect(partner()?.status).toBe('online'));
    bSock.disconnect();
    await until(() => expect(member()?.status).toBe('offline'));
    const seen = member()!.last_seen_at;
    expect(seen).toMatch(/Z$/);
    await until(() => expect(partner()).toMatchObject({ status: 'offline', last_seen_at: seen }));
    // A reload agrees with the event.
    await services.rooms.load();
    expect(partner()?.last_seen_at).toBe(seen);
  });

  it('knows whether I am an admin, and promotes, demotes and kicks through the rooms store', async () => {
    const [owner, b, c] = [await newUser(env.t), await newUser(env.t), await newUser(env.t)];
    const room = await createRoom(env.t, owner, [b, c], 'members store');
    const mine = await client(owner);
    const theirs = await client(b);
    const [tlOwner, tlB] = [mine.services.chat.open(room), theirs.services.chat.open(room)];
    await Promise.all([mine.services.chat.whenLoaded(room), theirs.services.chat.whenLoaded(room)]);
    expect(tlOwner.isAdmin.value).toBe(true);
    expect(tlB.isAdmin.value).toBe(false);

    await mine.services.rooms.setAdmin(room, b.userId, true);
    await until(() => expect(tlB.isAdmin.value).toBe(true));
    await until(() => expect(tlOwner.members.value.find((m) => m.id === b.userId)?.role).toBe('admin'));
    await mine.services.rooms.setAdmin(room, b.userId, false);
    await until(() => expect(tlB.isAdmin.value).toBe(false));

    await mine.services.rooms.kick(room, c.userId);
    await until(() => expect(tlOwner.members.value.map((m) => m.id).sort((x, y) => x - y)).toEqual([owner.userId, b.userId].sort((x, y) => x - y)));
    await until(() => expect(mine.services.rooms.list.value.find((r) => r.id === room)?.member_count).toBe(2));
    // A refusal comes back as the server's error.
    await expect(theirs.services.rooms.kick(room, owner.userId)).rejects.toMatchObject({ code: 'ROOM_KICK_ADMIN_ONLY' });
  });
});
