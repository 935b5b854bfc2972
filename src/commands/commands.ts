/*
 * Ribbon commands, loaded by taskpane.html in the shared runtime (FunctionFile = the task pane page).
 * The Home-tab button uses a ShowTaskpane action and needs no code; the functions below are registered for
 * ExecuteFunction controls and keyboard shortcuts. No React or Fluent UI here: this bundle stays tiny.
 */

/**
 * Runs one host call for a command and always completes the event; nothing is thrown back to Office (a refusal, e.g.
 * an older host without Office.addin, leaves the ribbon as it was). Resolves to whether the host call succeeded.
 */
async function runCommand(call: () => Promise<void>, event?: Office.AddinCommands.Event): Promise<boolean> {
  try {
    await call();
    return true;
  } catch {
    return false;
  } finally {
    event?.completed();
  }
}

/** Opens the OPS pane (in the shared runtime the pane is the same page, so this is instant). */
export function openPane(event?: Office.AddinCommands.Event): Promise<boolean> {
  return runCommand(() => Office.addin.showAsTaskpane(), event);
}

/** Hides the pane; the runtime (and the custom functions) stay alive because lifetime="long". */
export function hidePane(event?: Office.AddinCommands.Event): Promise<boolean> {
  return runCommand(() => Office.addin.hide(), event);
}

/** Registers the commands with Office; harmless where Office.actions does not exist (outside Office). */
export function registerCommands(office: typeof Office | undefined): boolean {
  if (!office?.actions?.associate) return false;
  office.actions.associate("openPane", openPane);
  office.actions.associate("hidePane", hidePane);
  return true;
}

if (typeof Office !== "undefined") {
  Office.onReady(() => registerCommands(Office));
}
