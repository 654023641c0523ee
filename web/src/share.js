// Share links: program and settings in the URL hash, deflated and base64url-encoded.
const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** {code?, example?, clock?, speed?} → 'code=…&example=…&clock=…&speed=…' */
export async function encodeShare({ code, example, clock, speed }) {
  const p = new URLSearchParams();
  if (code != null) p.set('z', b64(await pipe(new TextEncoder().encode(code), new CompressionStream('deflate-raw'))));
  else if (example) p.set('example', example);
  if (clock) p.set('clock', clock);
  if (speed && speed !== 1) p.set('speed', String(speed));
  return p.toString();
}

export async function decodeShare(hash) {
  const p = new URLSearchParams(hash);
  const out = {};
  if (p.has('z')) out.code = new TextDecoder().decode(await pipe(unb64(p.get('z')), new DecompressionStream('deflate-raw')));
  else if (p.has('code')) out.code = p.get('code');  // plain text, for hand-written links
  if (p.has('example')) out.example = p.get('example');
  const clock = p.get('clock');
  if (clock === 'real' || clock === 'virtual') out.clock = clock;
  const speed = Number(p.get('speed'));
  if (speed >= 0.1 && speed <= 10) out.speed = speed;
  return out;
}
