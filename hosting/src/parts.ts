/**
 * Small lit-html pieces every view uses: a status badge (colour and word), a time shown relative
 * with the absolute time on hover, and a label for a field from its schema title.
 */
import { html, nothing, type TemplateResult } from "lit-html";
import type { JobStatus } from "../../functions/src/engine/status";
import { toDate } from "./dom";
import { formatAbsolute, formatRelative } from "./format";

/** What each status means to an operator (the badge's hover text). */
const STATUS_HINTS: Record<JobStatus, string> = {
  queued: "Waiting for the running job to finish",
  running: "Items are being released and processed",
  pausing: "Pausing: items in flight finish, nothing new starts",
  paused: "Paused: resume to go on where it stopped",
  cancelling: "Cancelling: items in flight finish, then it stops",
  cancelled: "Stopped by an operator; no item of it is running",
  completed: "Every item processed and none failed",
  partial: "Every item processed, some failed: retry failed starts a job over them",
  failed: "Every item failed, or the job could not run at all",
};

/** The status as a coloured badge with its word (and `data-testid` when given). */
export function statusBadge(status: JobStatus, testId?: string): TemplateResult {
  return html`<span class="badge status-${status}" title=${STATUS_HINTS[status] ?? status} data-testid=${testId ?? nothing}>${status}</span>`;
}

/** A Firestore time as "3 minutes ago", its absolute time on hover; "–" when absent. */
export function when(value: unknown, now = new Date()): TemplateResult | string {
  const date = toDate(value);
  if (!date) return "–";
  return html`<time datetime=${date.toISOString()} title=${formatAbsolute(date)}>${formatRelative(date, now)}</time>`;
}
