import { useWorkspace } from '../../state/workspace-context';

/** Logging out (SPEC A5, A16): the session ends on the server, and this screen shows that it did. */
export function SignOutButton() {
  const ws = useWorkspace();
  const signOut = async () => {
    try {
      await ws.signOut();
    } catch (error) {
      ws.notices.notify(`Could not sign out: ${(error as Error).message}`, { tone: 'error' });
    }
  };
  return (
    <button type="button" class="sign-out" onClick={() => void signOut()} title="End your session in this browser">
      Sign out
    </button>
  );
}
