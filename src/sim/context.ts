/**
 * The request context of the simulated host: a queue of actions (instantiations, property sets, method calls, loads)
 * applied in order at `sync()`, with the payload of each request and response measured by serialising a JSON close
 * to what office.js sends (object paths, actions with their arguments; loaded properties in the response) and
 * rejected like Excel on the web past the limits.
 */
import { notSupported, propertyNotLoaded, simError, SimRichApiError } from "./errors";
import type { SimWorkbook } from "./model";

export interface SimLimits {
  /** Largest request payload in bytes (Excel on the web: 5 MB). */
  requestBytes: number;
  /** Largest response payload in bytes (Excel on the web: 5 MB). */
  responseBytes: number;
  /** Most cells one range may load (values, valueTypes, formulas, numberFormat, text): 5,000,000 on every platform. */
  cellsPerRead: number;
  /** Largest total size of the workbook settings (JSON text), like the document settings' ~2 MB. */
  settingsBytes: number;
}

/** 5 MB counted as 5,000,000 bytes: a little stricter than 5 MiB, so what passes here passes on the web. */
export const DEFAULT_LIMITS: SimLimits = {
  requestBytes: 5_000_000,
  responseBytes: 5_000_000,
  cellsPerRead: 5_000_000,
  settingsBytes: 2_000_000,
};

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
}

export interface SimStats {
  syncs: number;
  /** Milliseconds spent inside the simulated host's syncs (applying actions, building and measuring JSON). */
  hostMs: number;
  requests: SyncRecord[];
  maxRequestBytes: number;
  maxResponseBytes: number;
  reset(): void;
}

export function createStats(): SimStats {
  const s: SimStats = {
    syncs: 0,
    hostMs: 0,
    requests: [],
    maxRequestBytes: 0,
    maxResponseBytes: 0,
    reset() {
      s.syncs = 0;
      s.hostMs = 0;
      s.requests = [];
      s.maxRequestBytes = 0;
      s.maxResponseBytes = 0;
    },
  };
  return s;
}

const NodeBuffer = (globalThis as { Buffer?: { byteLength(s: string, enc: string): number } }).Buffer;
const encoder = typeof TextEncoder !== "undefined" ? new TextEncoder() : undefined;

/** UTF-8 byte length of a JS string (native where possible: Buffer in Node, TextEncoder in browsers). */
export function utf8Length(s: string): number {
  if (NodeBuffer) return NodeBuffer.byteLength(s, "utf8");
  if (encoder && s.length > 4096) return encoder.encode(s).length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdfff) n += 1;
    else n += 2;
  }
  return n;
}

export function jsonBytes(v: unknown): number {
  return utf8Length(JSON.stringify(v) ?? "null");
}

/** A test hook: called before each request is processed; throwing a SimRichApiError fails that sync like Excel would. */
export type SyncInterceptor = (info: { index: number; requestBytes: number; actions: number }) => void;

export interface HostHooks {
  limits: SimLimits;
  stats: SimStats;
  interceptors: SyncInterceptor[];
  afterSync: ((wb: SimWorkbook) => void)[];
  latencyMs: number;
}

// ---------------------------------------------------------------------------------------------------------------
// load options

export interface LoadTree {
  all: boolean;
  props: Set<string>;
  nav: Map<string, LoadTree>;
}

const emptyTree = (): LoadTree => ({ all: false, props: new Set(), nav: new Map() });

/** Names that JS runtimes and test tools probe on any object: answered with undefined instead of "not supported". */
const HARMLESS = new Set([
  "then", "toJSON", "constructor", "asymmetricMatch", "nodeType", "tagName", "inspect", "valueOf", "toString", "length",
  "$$typeof", "@@__IMMUTABLE_ITERABLE__@@", "@@__IMMUTABLE_RECORD__@@", "_isMockFunction", "hasOwnProperty", "prototype",
  "toLocaleString", "isPrototypeOf", "propertyIsEnumerable", "__proto__", "nodeName", "outerHTML", "stack", "message",
]);

export interface PropDef {
  get(target: any, obj: SimObject): unknown;
  set?(target: any, value: unknown, obj: SimObject): void;
  /** Loading it on a range counts its cells against the per-read cell limit. */
  cells?: boolean;
}

export interface ClassDef {
  name: string;
  props: Record<string, PropDef>;
  nav: Record<string, (o: SimObject) => SimObject>;
  /** For collections: the item proxies of a resolved target, and the class of the items (for load validation). */
  items?: (o: SimObject, target: any) => SimObject[];
  itemDef?: () => ClassDef;
}

interface Action {
  obj: SimObject;
  kind: "instantiate" | "set" | "method" | "load";
  name: string;
  /** Runs at sync; for loads returns { value (JSON of the response), apply() }. */
  run(): void | { value: unknown; apply(): void };
}

let pathSeq = 0;

/** Base of every proxy object. Property reads go through the JS Proxy in `wrap`. */
export class SimObject {
  _resolved = false;
  _target: unknown = undefined;
  _isNull: boolean | undefined = undefined;
  _fields = new Map<string, unknown>();
  _children = new Map<string, SimObject>();
  _items: SimObject[] | undefined = undefined;
  readonly _pathId = ++pathSeq;
  constructor(
    readonly _ctx: SimContext,
    readonly _def: ClassDef,
    private readonly _resolver: () => unknown,
    readonly _parent: SimObject | undefined,
    readonly _path: { name: string; args?: unknown[] },
  ) {}

  get context(): SimContext {
    return this._ctx;
  }

  /** The model object behind the proxy (resolved once, at the first action that needs it); null for a null object. */
  _resolve(): any {
    if (!this._resolved) {
      if (this._parent && this._parent._resolve() === null) this._target = null;
      else this._target = this._resolver();
      this._resolved = true;
    }
    return this._target;
  }

  /** The target, or an ItemNotFound error when the proxy is a null object (a write or call on a missing object). */
  _require(where: string): any {
    const t = this._resolve();
    if (t === null) throw simError("ItemNotFound", `${this._def.name}.${where}`);
    return t;
  }

  _markKnown(): void {
    if (this._resolved) this._isNull = this._target === null;
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw propertyNotLoaded(this._def.name, "isNullObject");
    return this._isNull;
  }

  get items(): SimObject[] {
    if (!this._def.items) return notSupported(`${this._def.name}.items`);
    if (this._items === undefined) {
      if (this._isNull) return [];
      throw propertyNotLoaded(this._def.name, "items");
    }
    return this._items;
  }

  _read(name: string): unknown {
    if (this._fields.has(name)) return this._fields.get(name);
    if (this._isNull) return null;
    throw propertyNotLoaded(this._def.name, name);
  }

  _write(name: string, value: unknown): void {
    const def = this._def.props[name];
    if (!def.set) {
      throw simError("InvalidArgument", `${this._def.name}.${name}`, `Cannot update the read-only property '${name}'.`);
    }
    this._fields.set(name, value);
    this._ctx._queue({
      obj: this,
      kind: "set",
      name,
      run: () => {
        def.set!(this._require(name), value, this);
      },
    }, { ActionType: "SetProperty", Name: name, ArgumentInfo: { Arguments: [value] } });
  }

  /** Queues a method call that runs `fn(target)` at sync. */
  _call(name: string, args: unknown[], fn: (target: any) => void): void {
    this._ctx._queue(
      {
        obj: this,
        kind: "method",
        name,
        run: () => {
          fn(this._require(name));
        },
      },
      { ActionType: "Method", Name: name, ArgumentInfo: { Arguments: args } },
    );
  }

  /** Queues a method returning a value (ClientResult). */
  _callResult<T>(name: string, args: unknown[], fn: (target: any) => T): SimClientResult<T> {
    const result = new SimClientResult<T>();
    this._ctx._queue(
      {
        obj: this,
        kind: "load",
        name,
        run: () => {
          const v = fn(this._require(name));
          return { value: v, apply: () => result._set(v) };
        },
      },
      { ActionType: "Method", Name: name, ArgumentInfo: { Arguments: args } },
    );
    return result;
  }

  /** A proxy returned by a method (getItem, getRange...): instantiated in the queue now, like office.js. */
  _method<T extends SimObject>(make: (resolver: () => unknown, path: { name: string; args: unknown[] }) => T, name: string, args: unknown[], resolver: () => unknown): T {
    const child = make(resolver, { name, args });
    this._ctx._queue({ obj: child, kind: "instantiate", name, run: () => void child._resolve() }, { ActionType: "Instantiate", Name: "", ArgumentInfo: {} });
    return child;
  }

  /** A navigation property child (format, font, worksheet...), created once and resolved from this object. */
  _nav(name: string): SimObject {
    let c = this._children.get(name);
    if (!c) {
      c = this._def.nav[name](this);
      this._children.set(name, c);
    }
    return c;
  }

  load(spec?: unknown): this {
    const tree = parseLoad(spec, this._def);
    this._ctx._queue(
      {
        obj: this,
        kind: "load",
        name: "load",
        run: () => snapshot(this, tree),
      },
      { ActionType: "Query", Name: "", QueryInfo: queryInfo(spec) },
    );
    return this;
  }

  /** office.js's toJSON: the loaded scalar properties (and loaded items for collections). */
  toJSON(): unknown {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this._fields) out[k] = v;
    for (const [k, c] of this._children) {
      const j = c.toJSON() as Record<string, unknown>;
      if (j && Object.keys(j).length) out[k] = j;
    }
    if (this._items) return { items: this._items.map((i) => i.toJSON()) };
    return out;
  }

  track(): this {
    return this;
  }
  untrack(): this {
    return this;
  }
}

export class SimClientResult<T> {
  private _has = false;
  private _v: T | undefined;
  _set(v: T): void {
    this._v = v;
    this._has = true;
  }
  get value(): T {
    if (!this._has) throw propertyNotLoaded("ClientResult", "value");
    return this._v as T;
  }
}

/** Wraps a SimObject so that reading an unknown member fails plainly and properties follow load/sync rules. */
export function wrap<T extends SimObject>(o: T): T {
  return new Proxy(o, {
    get(t, p, recv) {
      if (typeof p === "symbol" || p.startsWith("_")) return Reflect.get(t, p, recv);
      const def = t._def;
      if (Object.prototype.hasOwnProperty.call(def.props, p)) return t._read(p);
      if (Object.prototype.hasOwnProperty.call(def.nav, p)) return t._nav(p);
      if (p in t) return Reflect.get(t, p, recv);
      if (HARMLESS.has(p)) return undefined;
      return notSupported(`${def.name}.${p}`);
    },
    set(t, p, v, recv) {
      if (typeof p === "symbol" || p.startsWith("_")) return Reflect.set(t, p, v, recv);
      const def = t._def;
      if (Object.prototype.hasOwnProperty.call(def.props, p)) {
        t._write(p, v);
        return true;
      }
      return notSupported(`setting ${def.name}.${p}`);
    },
  });
}

export function parseLoad(spec: unknown, def: ClassDef): LoadTree {
  const tree = emptyTree();
  const addPath = (path: string) => {
    const p = path.trim();
    if (p === "") return;
    addParts(tree, def, p.split("/").map((x) => x.trim()));
  };
  if (spec === undefined || spec === null) {
    tree.all = true;
  } else if (typeof spec === "string") {
    spec.split(",").forEach(addPath);
  } else if (Array.isArray(spec)) {
    spec.forEach((s) => (typeof s === "string" ? s.split(",").forEach(addPath) : notSupported("load option that is not a string")));
  } else if (typeof spec === "object") {
    const o = spec as Record<string, unknown>;
    if ("select" in o || "expand" in o) {
      const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : String(v).split(","));
      list(o.select).forEach((s) => addPath(String(s)));
      list(o.expand).forEach((s) => addPath(String(s)));
      if (o.select === undefined && o.expand !== undefined) tree.all = true;
    } else {
      addObject(tree, def, o);
    }
  } else {
    notSupported(`load(${typeof spec})`);
  }
  if (!tree.all && tree.props.size === 0 && tree.nav.size === 0) tree.all = true;
  return tree;
}

function addObject(tree: LoadTree, def: ClassDef, o: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(o)) {
    if (k === "$all") {
      if (v) tree.all = true;
      continue;
    }
    if (k === "$top" || k === "$skip") continue;
    if (v === false) continue;
    if (v === true) addParts(tree, def, [k]);
    else if (v && typeof v === "object") {
      const item = resolveStep(def, k);
      if (!item.nav) notSupported(`load of ${def.name}.${k} as an object`);
      let sub = tree.nav.get(k);
      if (!sub) tree.nav.set(k, (sub = emptyTree()));
      addObject(sub, item.nav, v as Record<string, unknown>);
    }
  }
}

function resolveStep(def: ClassDef, name: string): { prop?: boolean; nav?: ClassDef } {
  if (Object.prototype.hasOwnProperty.call(def.props, name)) return { prop: true };
  if (name === "items" && def.itemDef) return { nav: def.itemDef() };
  if (Object.prototype.hasOwnProperty.call(def.nav, name)) return { nav: navDef(def, name) };
  if (def.itemDef) {
    // collection.load("name") loads the items' name, like office.js
    return { nav: undefined };
  }
  return notSupported(`${def.name}.${name} (in load)`);
}

const navDefs: Record<string, () => ClassDef> = {};
/** Registry of the class of each navigation property (filled by proxies.ts), used to check load paths. */
export function registerNavDef(owner: string, name: string, def: () => ClassDef): void {
  navDefs[`${owner}.${name}`] = def;
}
function navDef(def: ClassDef, name: string): ClassDef {
  const d = navDefs[`${def.name}.${name}`];
  if (!d) return notSupported(`${def.name}.${name} (navigation in load)`);
  return d();
}

function addParts(tree: LoadTree, def: ClassDef, parts: string[]): void {
  const [head, ...rest] = parts;
  if (head === "isNullObject") return;
  if (def.itemDef && head !== "items" && !Object.prototype.hasOwnProperty.call(def.props, head)) {
    // a collection: the path is about its items
    addParts(tree, def, ["items", ...parts]);
    return;
  }
  const step = resolveStep(def, head);
  if (step.prop) {
    if (rest.length) notSupported(`${def.name}.${head}/${rest.join("/")}`);
    tree.props.add(head);
    return;
  }
  let sub = tree.nav.get(head);
  if (!sub) tree.nav.set(head, (sub = emptyTree()));
  if (rest.length === 0) sub.all = true;
  else addParts(sub, step.nav!, rest);
}

function queryInfo(spec: unknown): unknown {
  if (spec === undefined) return {};
  if (typeof spec === "string") return { Select: spec.split(",").map((s) => s.trim()) };
  return { Select: spec };
}

/** Builds the response of a load (a JSON value) and how to store it into the proxies once the sync succeeds. */
function snapshot(obj: SimObject, tree: LoadTree): { value: unknown; apply(): void } {
  const target = obj._resolve();
  if (target === null) {
    return { value: { _IsNull: true }, apply: () => undefined };
  }
  const def = obj._def;
  const applies: (() => void)[] = [];
  const value: Record<string, unknown> = {};
  if (def.items) {
    const itemsTree = tree.nav.get("items") ?? (tree.all ? { all: true, props: new Set<string>(), nav: new Map() } : undefined);
    // collection scalar props (e.g. count) requested directly
    for (const p of tree.props) {
      const v = def.props[p].get(target, obj);
      value[p] = v;
      applies.push(() => obj._fields.set(p, v));
    }
    if (itemsTree) {
      const items = def.items(obj, target);
      const vals: unknown[] = [];
      const itemApplies: (() => void)[] = [];
      for (const it of items) {
        const s = snapshot(it, itemsTree);
        vals.push(s.value);
        itemApplies.push(s.apply);
        it._isNull = false;
      }
      value.value = vals;
      applies.push(() => {
        obj._items = items;
        itemApplies.forEach((f) => f());
      });
    }
  } else {
    const names = tree.all ? Object.keys(def.props).filter((p) => !tree.nav.has(p)) : [...tree.props];
    for (const p of names) {
      const pd = def.props[p];
      if (pd.cells) obj._ctx._checkCells(target, `${def.name}.${p}`);
      const v = pd.get(target, obj);
      value[p] = v;
      applies.push(() => obj._fields.set(p, v));
    }
    for (const [n, sub] of tree.nav) {
      const child = obj._nav(n);
      const s = snapshot(child, sub);
      value[n] = s.value;
      applies.push(() => {
        child._resolve();
        child._markKnown();
        s.apply();
      });
    }
  }
  return {
    value,
    apply: () => {
      obj._markKnown();
      applies.forEach((f) => f());
    },
  };
}

export class SimContext {
  private pending: { action: Action; bytes: number }[] = [];
  private pendingBytes = 0;
  private sentPaths = new Set<number>();
  private closed = false;
  readonly workbook: any;
  constructor(
    readonly _wb: SimWorkbook,
    readonly _hooks: HostHooks,
    makeWorkbook: (ctx: SimContext) => SimObject,
  ) {
    this.workbook = makeWorkbook(this);
  }

  get application(): unknown {
    return this.workbook.application;
  }

  readonly trackedObjects = {
    add: (_o: unknown) => undefined,
    remove: (_o: unknown) => undefined,
  };

  /** Deprecated office.js form context.load(object, spec). */
  load(obj: SimObject, spec?: unknown): SimObject {
    return obj.load(spec);
  }

  _close(): void {
    this.closed = true;
  }

  _checkCells(target: any, where: string): void {
    const b = target?.bounds;
    if (!b) return;
    const cells = (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1);
    if (cells > this._hooks.limits.cellsPerRead) throw simError("RangeExceedsLimit", where);
  }

  _queue(action: Action, repr: Record<string, unknown>): void {
    if (this.closed) throw simError("InvalidRequestContext", `${action.obj._def.name}.${action.name}`);
    // the object paths this action needs, sent once per request, then the action itself
    let bytes = 0;
    for (let o: SimObject | undefined = action.obj; o && !this.sentPaths.has(o._pathId); o = o._parent) {
      this.sentPaths.add(o._pathId);
      bytes += jsonBytes({ Id: o._pathId, ObjectPathType: 3, Name: o._path.name, ParentObjectPathId: o._parent?._pathId ?? 0, ArgumentInfo: { Arguments: o._path.args ?? [] } }) + 1;
    }
    bytes += jsonBytes({ Id: this.pending.length + 1, ObjectPathId: action.obj._pathId, ...repr }) + 1;
    this.pending.push({ action, bytes });
    this.pendingBytes += bytes;
  }

  /** Sends the queued actions; rejects like Excel (RichApi.Error with code) when an action fails or a limit is passed. */
  async sync(): Promise<void> {
    if (this.closed) throw simError("InvalidRequestContext", "RequestContext.sync");
    const hooks = this._hooks;
    const batch = this.pending;
    const requestBytes = this.pendingBytes + 64;
    this.pending = [];
    this.pendingBytes = 0;
    this.sentPaths = new Set();
    await delay(hooks.latencyMs);
    if (batch.length === 0) return;
    const started = now();
    try {
      this.process(batch, requestBytes);
    } finally {
      hooks.stats.hostMs += now() - started;
    }
  }

  private process(batch: { action: Action; bytes: number }[], requestBytes: number): void {
    const hooks = this._hooks;
    const index = hooks.stats.syncs;
    hooks.stats.syncs++;
    const record: SyncRecord = { requestBytes, responseBytes: 0 };
    hooks.stats.requests.push(record);
    hooks.stats.maxRequestBytes = Math.max(hooks.stats.maxRequestBytes, requestBytes);
    for (const f of hooks.interceptors) f({ index, requestBytes, actions: batch.length });
    if (requestBytes > hooks.limits.requestBytes) throw simError("RequestPayloadSizeLimitExceeded", "RequestContext.sync");
    const applies: (() => void)[] = [];
    const touched: SimObject[] = [];
    let responseBytes = 32;
    let failure: unknown;
    for (const { action } of batch) {
      try {
        const r = action.run();
        touched.push(action.obj);
        if (r && typeof r === "object" && typeof r.apply === "function") {
          responseBytes += jsonBytes(r.value) + 24;
          applies.push(r.apply);
        }
      } catch (e) {
        failure = e;
        break;
      }
    }
    record.responseBytes = responseBytes;
    hooks.stats.maxResponseBytes = Math.max(hooks.stats.maxResponseBytes, responseBytes);
    hooks.afterSync.forEach((f) => f(this._wb));
    if (failure !== undefined) throw failure;
    if (responseBytes > hooks.limits.responseBytes) throw simError("ResponsePayloadSizeLimitExceeded", "RequestContext.sync");
    for (const o of touched) o._markKnown();
    for (const f of applies) f();
  }
}

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

export { SimRichApiError };
