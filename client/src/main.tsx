import { render } from 'preact';
import { App } from './app.tsx';
import { initI18n } from './i18n/index.ts';
import { detectPlatform } from './platform/index.ts';
import { createServices } from './services.ts';
import './styles/app.css';
import './styles/members.css';
import './styles/polls.css';
import './styles/files.css';
import './styles/message-actions.css';
import './styles/pins.css';
import './styles/admin.css';
import { initTheme } from './views/theme.ts';

/** Start: platform → language and theme → services → render (a splash while the kept session is
 * restored, so the login form never flashes) → restore. */
const platform = await detectPlatform();
initI18n(platform);
initTheme(platform);
const services = createServices(platform);
render(<App services={services} />, document.getElementById('app')!);
void services.session.restore();
