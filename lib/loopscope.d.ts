// Types of Loopscope's JavaScript API (lib/loopscope.mjs). Kept true by tests/node/api.test.mjs.

/** Size of one trace record in bytes (docs/trace.md describes the fields). */
export declare const TRACE_RECORD_BYTES: 32;

export interface LoadOptions {
  /**
   * URL of loopscope-engine.js (its .wasm beside it). Default: dist/ next to the library. In a
   * browser realm that already has it (a <script> of it ran: createLoopscopeModule is defined),
   * that is used, and the URL only locates the .wasm.
   */
  moduleUrl?: string | URL;
  /**
   * The .wasm already compiled (say by WebAssembly.compileStreaming on a page, posted to a worker):
   * it is only instantiated. If the promise rejects, the .wasm beside moduleUrl is loaded instead.
   * Like moduleUrl, it counts only in the first call that loads the module in this realm.
   */
  wasmModule?: WebAssembly.Module | PromiseLike<WebAssembly.Module>;
}

export interface ExampleInfo {
  name: string;
  title: string;
  file: string;
}

export type EngineState = 'idle' | 'running' | 'paused' | 'done' | 'stopped';
export type OutputStream = 'stdout' | 'stderr';

export interface EngineOptions extends LoadOptions {
  /** 'real': timers take real time (× speed); 'virtual': time jumps, runs are deterministic. */
  clock?: 'real' | 'virtual';
  /** Real clock only: 0.1 to 10. */
  speed?: number;
  /** Record the trace (default true). */
  trace?: boolean;
  /** 'simulated' (default, offline and deterministic) or 'real' (the host's fetch). */
  network?: 'simulated' | 'real';
  /**
   * Python's recursion limit. WebAssembly frames live on the JS engine's stack, so the default,
   * defaultRecursionLimit(), is what that stack holds with a margin: 300 in Node, 100 in a
   * browser (a Chromium worker holds ~135 levels on the heaviest paths). Raise it only with a bigger stack (Node
   * --stack-size): if the stack runs out first, the run ends with a RecursionError and the
   * module is replaced.
   */
  recursionLimit?: number;
  /** Longest slice of engine work before the host gets its thread back, in ms (default 8). */
  sliceMs?: number;
  onOutput?: (stream: OutputStream, text: string) => void;
  onState?: (state: EngineState) => void;
  /** Called when the program waits in input(): resolve with a line, or null for end of input. */
  onInput?: () => string | null | Promise<string | null>;
}

export type Program =
  | { /** A built-in C++ example (see listExamples()). */ example: string; args?: string[] }
  | { /** Python source text. */ python: string; /** Shown in tracebacks (default main.py). */ filename?: string; args?: string[] };

export interface RunResult {
  /** The program's exit code; null if it was stopped. */
  exitCode: number | null;
  stopped: boolean;
  stdout: string;
  stderr: string;
}

export interface TraceData {
  /** `count` records of TRACE_RECORD_BYTES bytes each. */
  records: Uint8Array;
  count: number;
  /** The string table records refer to (index 0 is the empty string). */
  strings: string[];
  /** Records the engine had to drop (its buffer was full). */
  dropped: number;
}

/** A part of the trace: what Engine.traceSince() returns. */
export interface TraceBatch {
  /** Index of the first record in `records`. */
  first: number;
  /** `count` records of TRACE_RECORD_BYTES bytes each (those from index `first` on). */
  count: number;
  records: Uint8Array;
  /** Index in the string table of strings[0]. */
  firstString: number;
  /** The string table from index `firstString` on. */
  strings: string[];
  /** Records the engine had to drop (its buffer was full). */
  dropped: number;
}

/** Loads the WebAssembly module (once per realm). */
export declare function loadModule(options?: LoadOptions): Promise<unknown>;
/** The default recursion limit: what the JS stack holds here, with a margin (300 in Node, 100 in a browser). */
export declare function defaultRecursionLimit(): number;

/** The built-in C++ examples. */
export declare function listExamples(options?: LoadOptions): Promise<ExampleInfo[]>;

export declare class Engine {
  static create(options?: EngineOptions): Promise<Engine>;
  readonly state: EngineState;
  readonly stdout: string;
  readonly stderr: string;
  /** Loop time in milliseconds. */
  readonly now: number;
  /** True while the program waits in input(). */
  readonly waitingForInput: boolean;
  load(program: Program): this;
  /** Answers input() (null: end of input). */
  provideInput(line: string | null): void;
  run(): Promise<RunResult>;
  pause(): void;
  resume(): Promise<RunResult>;
  step(): Promise<void>;
  stop(): void;
  setSpeed(speed: number): void;
  /** Every record and string so far (a copy of all of them). */
  trace(): TraceData;
  /** The records from index `record` on and the strings from index `string` on (a copy of only those). */
  traceSince(record?: number, string?: number): TraceBatch;
  chromeTrace(): string;
}
