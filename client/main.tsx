import { render } from 'solid-js/web';
import { App } from './App';
import { cacheAppShell } from './state/app-update';
import { UpdateReady } from './views/offline/UpdateReady';
import './styles/global.css';

render(
  () => (
    <>
      <App />
      <UpdateReady />
    </>
  ),
  document.getElementById('app')!,
);
// A workspace caches the shell once it shows its content (OpenWorkspace); any other page once loaded.
if (!window.location.pathname.startsWith('/w/')) window.addEventListener('load', cacheAppShell, { once: true });
