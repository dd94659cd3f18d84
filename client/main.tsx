import { render } from 'solid-js/web';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App';
import './styles/global.css';

render(() => <App />, document.getElementById('app')!);
// After the page has loaded, so caching the shell never competes with opening the workspace.
registerSW({ immediate: false });
