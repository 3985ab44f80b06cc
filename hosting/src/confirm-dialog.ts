/**
 * A confirmation in a modal `<dialog>` (not window.confirm): it shows what is about to happen, is
 * driven by the keyboard like the rest of the page (the confirm button has focus; Escape or Back
 * answers no), and nothing behind it can change while it is open.
 */
import { html, render, type TemplateResult } from "lit-html";

export interface Question {
  title: string;
  body: TemplateResult;
  confirm: string;
  back?: string;
}

/** Shows `question` in `dialog`; true on the confirm button, false on Back or Escape. */
export function ask(dialog: HTMLDialogElement, question: Question): Promise<boolean> {
  return new Promise((resolve) => {
    const answer = (yes: boolean) => {
      resolve(yes); // first answer wins; the close event's "no" comes after
      dialog.close();
    };
    render(
      html`<form
        method="dialog"
        @submit=${(event: Event) => {
          event.preventDefault();
          answer(true);
        }}
      >
        <h3 id="${dialog.id}-title">${question.title}</h3>
        ${question.body}
        <div class="actions">
          <button type="submit" data-autofocus>${question.confirm}</button>
          <button type="button" @click=${() => answer(false)}>${question.back ?? "Back"}</button>
        </div>
      </form>`,
      dialog,
    );
    dialog.setAttribute("aria-labelledby", `${dialog.id}-title`);
    dialog.onclose = () => resolve(false);
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>("[data-autofocus]")?.focus();
  });
}
