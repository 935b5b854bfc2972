/** src/commands/commands.ts against a stand-in Office global: registration, and event.completed() on every path. */
import { hidePane, openPane, registerCommands } from "../src/commands/commands";

type Fn = (event?: { completed(): void }) => Promise<boolean>;

function fakeOffice(fail = false) {
  const associated = new Map<string, Fn>();
  const calls: string[] = [];
  const office = {
    actions: { associate: (id: string, f: Fn) => associated.set(id, f) },
    addin: {
      showAsTaskpane: async () => {
        calls.push("show");
        if (fail) throw new Error("host refused");
      },
      hide: async () => {
        calls.push("hide");
        if (fail) throw new Error("host refused");
      },
    },
  };
  return { office, associated, calls };
}

describe("ribbon commands", () => {
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
  });

  it("registers openPane and hidePane with Office.actions", () => {
    const { office, associated } = fakeOffice();
    expect(registerCommands(office as unknown as typeof Office)).toBe(true);
    expect([...associated.keys()].sort()).toEqual(["hidePane", "openPane"]);
  });

  it("does nothing where Office.actions is missing (outside Office)", () => {
    expect(registerCommands(undefined)).toBe(false);
    expect(registerCommands({} as typeof Office)).toBe(false);
  });

  it("opens and hides the pane and completes the event", async () => {
    const { office, calls } = fakeOffice();
    (globalThis as { Office?: unknown }).Office = office;
    const completed = jest.fn();
    await expect(openPane({ completed } as unknown as Office.AddinCommands.Event)).resolves.toBe(true);
    await expect(hidePane({ completed } as unknown as Office.AddinCommands.Event)).resolves.toBe(true);
    expect(calls).toEqual(["show", "hide"]);
    expect(completed).toHaveBeenCalledTimes(2);
  });

  it("completes the event and throws nothing when the host refuses", async () => {
    const { office, calls } = fakeOffice(true);
    (globalThis as { Office?: unknown }).Office = office;
    const completed = jest.fn();
    await expect(openPane({ completed } as unknown as Office.AddinCommands.Event)).resolves.toBe(false);
    await expect(hidePane({ completed } as unknown as Office.AddinCommands.Event)).resolves.toBe(false);
    expect(calls).toEqual(["show", "hide"]);
    expect(completed).toHaveBeenCalledTimes(2);
  });

  it("throws nothing where Office.addin is missing", async () => {
    (globalThis as { Office?: unknown }).Office = {};
    await expect(openPane()).resolves.toBe(false);
  });
});
