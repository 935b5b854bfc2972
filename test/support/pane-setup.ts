import "@testing-library/jest-dom";

/*
 * Browser APIs Fluent UI v9 and the virtualised list use that jsdom lacks. Each polyfill is the smallest behaviour
 * the components need; none of them is reached outside jsdom.
 */
if (typeof window !== "undefined") {
  if (!("ResizeObserver" in window)) {
    class ResizeObserverStub {
      private cb: ResizeObserverCallback;
      constructor(cb: ResizeObserverCallback) {
        this.cb = cb;
      }
      observe(): void {
        void this.cb;
      }
      unobserve(): void {}
      disconnect(): void {}
    }
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
  }
  if (!window.matchMedia) {
    window.matchMedia = (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  // jsdom has no layout: scrolling an element records the offset and fires "scroll", as a browser does.
  // Like a browser, no event when the position does not change.
  const scrollTo = function (this: Element, a?: ScrollToOptions | number, b?: number): void {
    const el = this as HTMLElement;
    const top = typeof a === "object" ? a.top : b;
    const left = typeof a === "object" ? a.left : a;
    const before = [el.scrollTop, el.scrollLeft];
    if (typeof top === "number") el.scrollTop = top;
    if (typeof left === "number") el.scrollLeft = left;
    if (el.scrollTop !== before[0] || el.scrollLeft !== before[1])
      setTimeout(() => el.dispatchEvent(new Event("scroll")), 0);
  };
  Element.prototype.scrollTo = scrollTo as Element["scrollTo"];
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
  window.scrollTo = (() => undefined) as typeof window.scrollTo;
  // jsdom has no layout: an element's client size is its inline pixel size when it has one (enough for the
  // virtualised list, whose scroll box has an inline height), else 0 as before.
  const inlinePx = (el: HTMLElement, prop: "height" | "width"): number => {
    const m = /^(\d+(?:\.\d+)?)px$/.exec(el.style?.[prop] ?? "");
    return m ? Number(m[1]) : 0;
  };
  Object.defineProperty(HTMLElement.prototype, "clientHeight", {
    configurable: true,
    get(this: HTMLElement) {
      return inlinePx(this, "height");
    },
  });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", {
    configurable: true,
    get(this: HTMLElement) {
      return inlinePx(this, "width");
    },
  });
  // Content height: the tallest child's inline height (the virtualised list's sizer), at least the client height.
  Object.defineProperty(HTMLElement.prototype, "scrollHeight", {
    configurable: true,
    get(this: HTMLElement) {
      let h = inlinePx(this, "height");
      for (const c of Array.from(this.children)) if (c instanceof HTMLElement) h = Math.max(h, inlinePx(c, "height"));
      return h;
    },
  });
  // jsdom's offsetParent is always null, which tells focus managers (Fluent's tabster) that every element is hidden.
  // Approximation: the parent element, or null when the element or an ancestor is hidden by attribute/inline style.
  Object.defineProperty(HTMLElement.prototype, "offsetParent", {
    configurable: true,
    get(this: HTMLElement) {
      if (this === this.ownerDocument.body) return null;
      for (let el: HTMLElement | null = this; el; el = el.parentElement) {
        if (el.hidden || el.style?.display === "none") return null;
      }
      return this.parentElement;
    },
  });
  // The body fills the viewport (jsdom gives it a 0 x 0 box, which tabster reads as "page hidden in an iframe").
  HTMLBodyElement.prototype.getBoundingClientRect = function (): DOMRect {
    const w = window.innerWidth || 1024;
    const h = window.innerHeight || 768;
    return { x: 0, y: 0, top: 0, left: 0, width: w, height: h, right: w, bottom: h, toJSON: () => ({}) } as DOMRect;
  };
  // axe-core probes canvas support; jsdom without the canvas package only logs "not implemented".
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement["getContext"];
  if (!window.requestAnimationFrame)
    window.requestAnimationFrame = (cb) => setTimeout(() => cb(Date.now()), 0) as unknown as number;
}
