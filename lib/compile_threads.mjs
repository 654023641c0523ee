// How many background threads V8 may use, in Node, to compile the engine's WebAssembly.
//
// V8 runs a wasm function in its baseline code first and compiles optimised code for the hot
// ones on background threads, by default on every worker thread the platform has (Node: 4).
// On a machine with few cores those threads take the cores from the thread running the
// program, for the whole first few hundred ms of a process: on 2 cores a fresh process made its
// first 40,000 task switches at about 170 k/s with the default and 300-400 k/s with one compile
// thread (python/bench/pingpong.py, the "cold" column of bench/python.mjs). The optimised code
// arrives a little later, but the program's own thread keeps a core. A flag the user gave
// Node on its command line stands.

const FLAG = 'wasm-num-compilation-tasks';
// (Node refuses V8 flags like this one in NODE_OPTIONS: only its command line can set them.)
const given = new RegExp(`--${FLAG.replaceAll('-', '[-_]')}(?=[=\\s]|$)`);

/**
 * The V8 flag that keeps one core for the program (`--wasm-num-compilation-tasks=N`), or null
 * when the user set that flag themselves.
 * @param {{cores: number, execArgv?: string[]}} process
 */
export function compileThreadsFlag({ cores, execArgv = [] }) {
  if (execArgv.some((arg) => given.test(arg))) return null;
  return `--${FLAG}=${Math.max(1, cores - 1)}`;
}

/** Sets that flag in this Node process (before the module is compiled). */
export async function limitCompileThreads() {
  const [os, v8] = await Promise.all([import('node:os'), import('node:v8')]);
  const flag = compileThreadsFlag({
    cores: os.availableParallelism?.() ?? os.cpus().length,
    execArgv: process.execArgv,
  });
  if (flag) v8.setFlagsFromString(flag);
}
