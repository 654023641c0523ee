// index.html: the full playground; program and settings follow the URL hash.
import { Playground } from './playground.js';

const root = document.getElementById('app');
// index.html starts the worker and the first fetches before this bundle arrives (window.loopscopeBoot).
const pg = new Playground(root, { base: new URL('./', location.href), useHash: true, boot: window.loopscopeBoot });
window.loopscope = pg;  // handy in the console, and the browser tests' hook
