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
  // jsdom has no layout: scrolling an element just records the offset, as a browser would after layout.
  const scrollTo = function (this: Element, a?: ScrollToOptions | number, b?: number): void {
    const top = typeof a === "object" ? a.top : b;
    const left = typeof a === "object" ? a.left : a;
    if (typeof top === "number") (this as HTMLElement).scrollTop = top;
    if (typeof left === "number") (this as HTMLElement).scrollLeft = left;
  };
  if (!Element.prototype.scrollTo) Element.prototype.scrollTo = scrollTo as Element["scrollTo"];
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
  window.scrollTo = (() => undefined) as typeof window.scrollTo;
  // jsdom has no layout: an element's client size is its inline pixel size when it has one (enough for the
  // virtualised list, whose scroll box has an inline height), else 0 as before.
  const inlinePx = (el: HTMLElement, prop: "height" | "width"): number => {
    const m = /^(\d+(?:\.\d+)?)px$/.exec(el.style?.[prop] ?? "");
    return m ? Number(m[1]) : 0;
  };
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get(this: HTMLElement) { return inlinePx(this, "height"); } });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get(this: HTMLElement) { return inlinePx(this, "width"); } });
  if (!window.requestAnimationFrame) window.requestAnimationFrame = (cb) => setTimeout(() => cb(Date.now()), 0) as unknown as number;
}
