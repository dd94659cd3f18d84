import { render } from 'solid-js/web';
import { App } from './App';
import { registerAppShell } from './state/app-update';
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
registerAppShell();
