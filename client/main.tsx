import { render } from 'solid-js/web';
import { App } from './App';
import './styles/global.css';

render(() => <App />, document.getElementById('app')!);
