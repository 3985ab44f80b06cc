/**
 * A dry run's answer in words (items, estimated duration, tokens and their cost), and the start
 * confirmation: the preview of exactly the values about to be started.
 */
import { html, nothing } from "lit-html";
import { ask } from "./confirm-dialog";
import { formatCount, formatDollars, formatDuration } from "./format";

/** The fields of `POST /` with `dryRun: true` the page shows. */
export interface DryRunAnswer {
  items: number;
  itemsComplete: boolean;
  estimatedDurationSeconds: number;
  estimatedTokens: number | null;
  estimatedCostUsd: number | null;
}

/** "5 items, about 8 s, about 1,250 tokens (under $0.01)". */
export function previewText(r: DryRunAnswer): string {
  const items = `${r.itemsComplete === false ? "at least " : ""}${formatCount(r.items)} item${r.items === 1 ? "" : "s"}`;
  const tokens = r.estimatedTokens ? `, about ${formatCount(r.estimatedTokens)} tokens` : "";
  const cost = r.estimatedCostUsd != null && r.estimatedTokens ? ` (${formatDollars(r.estimatedCostUsd)})` : "";
  return `${items}, about ${formatDuration(r.estimatedDurationSeconds * 1000)}${tokens}${cost}`;
}

/** What the confirmation lists of the request: each parameter given, and the rate limits. */
export interface StartSummary {
  kindTitle: string;
  params: Array<[label: string, value: string]>;
  limits: string;
}

/** Asks to start `summary`, showing its preview; true on Start. */
export function confirmStart(dialog: HTMLDialogElement, summary: StartSummary, preview: DryRunAnswer): Promise<boolean> {
  return ask(dialog, {
    title: `Start a ${summary.kindTitle} job?`,
    confirm: "Start",
    body: html`<dl class="facts">
        ${summary.params.map(
          ([label, value]) =>
            html`<div>
              <dt>${label}</dt>
              <dd>${value}</dd>
            </div>`,
        )}
        <div>
          <dt>Rate limits</dt>
          <dd>${summary.limits}</dd>
        </div>
      </dl>
      <p data-testid="confirm-preview">Preview: ${previewText(preview)}.</p>
      ${preview.itemsComplete === false ? html`<p><small>The count ran out of time: there are at least this many items.</small></p>` : nothing}`,
  });
}
