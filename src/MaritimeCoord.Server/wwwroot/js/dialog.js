// @ts-check
// Asking for a reason in the page's own <dialog> (not window.prompt: it blocks the page and the live feed's handlers,
// cannot be styled or labelled, and browsers may suppress it). Resolves to the trimmed reason, or null when cancelled.

const $ = (id) => document.getElementById(id);

export function askReason({ title, text = "", value = "", ok = "OK" }) {
  const dialog = /** @type {HTMLDialogElement} */ ($("reason-dialog"));
  const input = /** @type {HTMLInputElement} */ ($("reason-dialog-input"));
  $("reason-dialog-title").textContent = title;
  $("reason-dialog-text").textContent = text;
  $("reason-dialog-text").hidden = !text;
  dialog.querySelector("[data-testid=reason-dialog-ok]").textContent = ok;
  input.value = value;
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const reason = input.value.trim();
      resolve(dialog.returnValue === "ok" && reason ? reason : null);
    }, { once: true });
    dialog.showModal();
    input.focus();
    input.select();
  });
}
