import { locale } from './i18n/index.ts';
import type { ClientServices } from './stores.ts';
import { ForcedPasswordChange } from './views/account/forced-password.tsx';
import { ConfirmHost } from './views/common/confirm.tsx';
import { ServicesContext } from './views/context.ts';
import { LoginView } from './views/login/login-view.tsx';
import { MainLayout } from './views/main-layout.tsx';
import { Splash } from './views/splash.tsx';
import { UpdateGate } from './views/updates/update-gate.tsx';

/** The whole app: a splash while the session restores, the login form when signed out, the
 * new-password form after an admin reset, the messenger when signed in; in front of all of them, the update screen when this desktop version is
 * no longer supported. Reading the signals here subscribes <App> to them; the locale is read
 * so that a language switch re-renders everything (every string is t()). */
export function App({ services }: { services: ClientServices }) {
  void locale.value;
  const state = services.session.state.value;
  return (
    <ServicesContext.Provider value={services}>
      {services.updates.required.value ? (
        <UpdateGate />
      ) : state.status === 'restoring' ? (
        <Splash />
      ) : state.status === 'anonymous' ? (
        <LoginView error={state.error} />
      ) : state.user.must_change_password ? (
        <ForcedPasswordChange />
      ) : (
        <MainLayout key={state.user.id} />
      )}
      <ConfirmHost />
    </ServicesContext.Provider>
  );
}
