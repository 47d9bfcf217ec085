import { useEffect, useState } from 'preact/hooks';
import { useServices } from '../context.ts';

/** Whether I administer the room (GET /api/rooms/:id/admin-check), to offer Rename only to
 * admins. Unknown (offline) counts as yes: the server decides, and its refusal is shown. */
export function useIsAdmin(roomId: number, enabled: boolean): boolean {
  const { api } = useServices();
  const [admin, setAdmin] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api
      .call('GET /api/rooms/:id/admin-check', { params: { id: roomId } })
      .then((r) => live && setAdmin(r.is_admin))
      .catch(() => live && setAdmin(true));
    return () => {
      live = false;
    };
  }, [roomId, enabled]);
  return admin;
}
