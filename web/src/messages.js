// The postMessage API of embed.html (documented in docs/embedding.md). Every message is an object
// {loopscope: 1, type, ...}; anything else, or a field of the wrong type, is ignored.
const MAX_CODE = 200_000;

export function validate(data) {
  if (!data || typeof data !== 'object' || data.loopscope !== 1 || typeof data.type !== 'string') return null;
  switch (data.type) {
    case 'run': case 'pause': case 'resume': case 'step': case 'stop': return { type: data.type };
    case 'seek':
      if (typeof data.time === 'number' && Number.isFinite(data.time) && data.time >= 0) return { type: 'seek', time: data.time };
      return null;
    case 'load':
      if (typeof data.code === 'string' && data.code.length <= MAX_CODE) return { type: 'load', code: data.code, run: data.run === true };
      if (typeof data.example === 'string' && /^[\w:-]{1,80}$/.test(data.example)) return { type: 'load', example: data.example, run: data.run === true };
      return null;
    default: return null;
  }
}

export function attachMessageApi(pg, target) {
  const send = (msg) => target?.postMessage({ loopscope: 1, ...msg }, '*');
  pg.ready.then(() => send({ type: 'ready', example: pg.current?.name ?? null }));
  pg.addEventListener('output', (e) => send({ type: 'output', stream: e.stream, text: e.text }));
  pg.addEventListener('state', (e) => send({ type: 'state', state: e.state }));
  pg.addEventListener('done', (e) => send({ type: 'done', exitCode: e.exitCode, stdout: e.stdout }));
  window.addEventListener('message', async (event) => {
    if (target && event.source !== target) return;
    const m = validate(event.data);
    if (!m) return;
    await pg.ready;
    switch (m.type) {
      case 'run': pg.run(); break;
      case 'resume': if (pg.state === 'paused') pg.togglePause(); break;
      case 'pause': pg.pause(); break;
      case 'step': pg.step(); break;
      case 'stop': pg.stop(); break;
      case 'seek': pg.seek(m.time); break;
      case 'load':
        if (m.code !== undefined) pg.setCode(m.code);
        else if (!(await pg.loadExample(m.example))) return;
        if (m.run) pg.run();
        break;
      default: break;
    }
  });
}
