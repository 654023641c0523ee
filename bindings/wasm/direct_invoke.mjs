#!/usr/bin/env node
// Rewrites the module's JS glue (Emscripten 3.1.6, -O2 or more, Asyncify) so that its invoke_*
// trampolines and its fiber switch call the wasm directly. Usage: node direct_invoke.mjs path/to/loopscope-engine.js
//
// Why: C++ exceptions without wasm EH send every call that may throw, made where a destructor is
// pending, through a JS `invoke_*` import (a try/catch around the call). Emscripten's version
// calls `stackSave()` and `dynCall_*()`, and under Asyncify both are *exports*, which Asyncify
// wraps (instrumentWasmExports: a call stack push and pop, `apply` of `arguments`, try/finally,
// maybeStopUnwind). The interpreter makes ~4.5 such calls per Python call, so those wrappers cost
// ~25% of a recursive fib in V8. Calling the raw exports and the function table directly is what
// the wrappers do minus the bookkeeping, which only matters for the outermost export of an
// unwind: an invoke is always nested in one (wasm code called it), whose wrapper still runs.
// Signatures with i64 ('j') keep Emscripten's legalising dynCall.
//
// The glue is generated code: every pattern below must match, or this fails and says which, so an
// Emscripten upgrade cannot silently leave the slow path (or half a rewrite) in place.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: direct_invoke.mjs MODULE.js');
  process.exit(2);
}
let js = readFileSync(file, 'utf8');
const marker = '/* loopscope: direct invoke */';
if (js.includes(marker)) process.exit(0);  // already rewritten

const fail = (what) => {
  console.error(`direct_invoke.mjs: ${file}: ${what} not found (the Emscripten glue changed?)`);
  process.exit(1);
};

// The raw export behind a lazily bound glue function: var f=Module["f"]=function(){return(f=Module["f"]=Module["asm"]["xy"]).apply(...)}
const exportName = (name) => {
  const esc = name.replace(/\$/g, '\\$');
  const m = js.match(new RegExp(`var ${esc}=Module\\["${esc}"\\]=function\\(\\)\\{return\\(${esc}=Module\\["${esc}"\\]=Module\\["asm"\\]\\["(\\w+)"\\]\\)`));
  if (!m) fail(`the export behind ${name}`);
  return m[1];
};
const stackSave = exportName('stackSave');
const stackRestore = exportName('stackRestore');
const setThrew = exportName('_setThrew');
const table = js.match(/wasmTable=Module\["asm"\]\["(\w+)"\]/)?.[1] ?? fail('the function table export');

// Keep the raw exports before Asyncify wraps them.
const hook = 'var exports=instance.exports;exports=Asyncify.instrumentWasmExports(exports);';
if (js.split(hook).length !== 2) fail('receiveInstance');
js = js.replace(hook, 'var exports=instance.exports;rawExports=exports;exports=Asyncify.instrumentWasmExports(exports);');
const create = 'function createWasm(){';
if (js.split(create).length !== 2) fail('createWasm');
js = js.replace(create, `${marker}var rawExports,rawFunctions=[];function rawFunction(i){return rawFunctions[i]||(rawFunctions[i]=rawExports["${table}"].get(i))}${create}`);

const invoke = /function (invoke_(\w+))\(index((?:,a\d+)*)\)\{var sp=stackSave\(\);try\{(return )?dynCall_\2\(index(?:,a\d+)*\)\}catch\(e\)\{stackRestore\(sp\);if\(e!==e\+0\)throw e;_setThrew\(1,0\)\}\}/g;
const all = js.match(/function invoke_\w+\(/g) ?? [];
let rewritten = 0;
let kept = 0;
js = js.replace(invoke, (whole, name, signature, args, ret) => {
  if (signature.includes('j')) {
    kept++;
    return whole;
  }
  rewritten++;
  return `function ${name}(index${args}){var sp=rawExports["${stackSave}"]();try{${ret ?? ''}rawFunction(index)(${args.slice(1)})}` +
    `catch(e){rawExports["${stackRestore}"](sp);if(e!==e+0)throw e;rawExports["${setThrew}"](1,0)}}`;
});
if (rewritten === 0 || rewritten + kept !== all.length) fail(`${all.length - rewritten - kept} of ${all.length} invoke functions in the expected shape`);

// The fiber switch (Fibers.finishContextSwitch, _emscripten_fiber_swap) makes six calls to
// wrapped exports per task switch; their wrappers do nothing there either (the swap runs inside
// an export, the context switch after the unwind stopped). The fiber's entry call and the
// rewind (Asyncify.doRewind) stay wrapped: they are the outermost exports, whose bookkeeping
// Asyncify needs.
const start = js.indexOf('Fibers={');
const end = js.indexOf('function _emscripten_memcpy_big(');
if (start < 0 || end < start || !js.slice(start, end).includes('function _emscripten_fiber_swap(')) fail('the fiber switch');
let fibers = js.slice(start, end);
const direct = [
  ['Module["_asyncify_start_unwind"](', '_asyncify_start_unwind', 1],
  ['Module["_asyncify_start_rewind"](', '_asyncify_start_rewind', 1],
  ['Module["_asyncify_stop_rewind"](', '_asyncify_stop_rewind', 1],
  ['_emscripten_stack_set_limits(', '_emscripten_stack_set_limits', 1],
  ['stackSave(', 'stackSave', 1],
  ['stackRestore(', 'stackRestore', 1],
];
for (const [call, name, count] of direct) {
  const found = fibers.split(call).length - 1;
  if (found !== count) fail(`${count} call(s) of ${name} in the fiber switch (found ${found})`);
  fibers = fibers.split(call).join(`rawExports["${exportName(name)}"](`);
}
js = js.slice(0, start) + fibers + js.slice(end);
writeFileSync(file, js);
console.log(`direct_invoke.mjs: ${rewritten} invoke_* trampolines and the fiber switch call the wasm directly (${kept} with i64 kept)`);
