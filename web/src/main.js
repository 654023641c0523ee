// index.html: the full playground; program and settings follow the URL hash.
import { Playground } from './playground.js';

const root = document.getElementById('app');
const pg = new Playground(root, { base: new URL('./', location.href), useHash: true });
window.loopscope = pg;  // handy in the console, and the browser tests' hook
