// embed.html: a compact playground for iframes, driven by postMessage (docs/embedding.md).
import { Playground } from './playground.js';
import { attachMessageApi } from './messages.js';

const params = new URLSearchParams(location.search);
const hash = new URLSearchParams(location.hash.slice(1));
const root = document.getElementById('app');
const pg = new Playground(root, {
  base: new URL('./', location.href), compact: true, useHash: false,
  example: params.get('example') ?? undefined,
  code: hash.get('code') ?? undefined,
  clock: params.get('clock') ?? 'real',
  autorun: params.get('autorun') !== '0',
});
if (hash.get('z')) pg.ready.then(async () => { const { decodeShare } = await import('./share.js'); const s = await decodeShare(location.hash.slice(1)); if (s.code != null) pg.setCode(s.code); });
if (params.get('theme') === 'dark' || params.get('theme') === 'light') pg.setTheme(params.get('theme'));
window.loopscope = pg;
attachMessageApi(pg, window.parent !== window ? window.parent : null);
