import { t } from '../../i18n/index.ts';
import { useServices } from '../context.ts';

/** A coloured dot for the socket: green connected, amber connecting, grey-red disconnected. */
export function ConnectionStatus() {
  const { realtime } = useServices();
  const status = realtime.status.value;
  const label = t(`status.${status}`);
  return <span class={`status-dot ${status}`} role="status" data-testid="connection-status" data-status={status} title={label} aria-label={label} />;
}
