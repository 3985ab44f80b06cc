/**
 * The throughput chart (lit-html SVG): items per second over time from the job's throughput
 * samples, with a time axis, an items/s axis, the rate limit as a dashed line when it is on the
 * scale, and each point's time and value on hover. Its caption says the same in words.
 */
import { html, nothing, svg, type TemplateResult } from "lit-html";
import { toDate } from "./dom";
import { formatRate } from "./format";

const W = 320;
const H = 130;
const PAD = { left: 44, right: 10, top: 10, bottom: 30 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

export interface RatePoint {
  at: number;
  itemsPerSecond: number;
}

/** Spans shorter than this (e.g. the job's final sample just after the last one) are joined to the next. */
const MIN_SPAN_MS = 1_000;

/** Items/s between consecutive samples (at least MIN_SPAN_MS apart), placed at the later sample's time. */
export function ratesFrom(samples: Array<{ at: unknown; processed: number }>): RatePoint[] {
  const points: RatePoint[] = [];
  let from: { at: number; processed: number } | null = null;
  for (const sample of samples) {
    const at = toDate(sample.at)?.getTime();
    if (at === undefined) continue;
    if (from === null) from = { at, processed: sample.processed };
    else if (at - from.at >= MIN_SPAN_MS) {
      points.push({ at, itemsPerSecond: ((sample.processed - from.processed) * 1000) / (at - from.at) });
      from = { at, processed: sample.processed };
    }
  }
  return points;
}

const clock = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * The chart and its caption. `limitPerSecond`: the rate limit in items per second (requests per
 * minute / 60, one item per request), drawn when it is no more than twice the peak.
 */
export function throughputFigure(samples: Array<{ at: unknown; processed: number }>, limitPerSecond: number | null = null): TemplateResult {
  const points = ratesFrom(samples);
  const peak = Math.max(0, ...points.map((p) => p.itemsPerSecond));
  const limitShown = limitPerSecond !== null && limitPerSecond > 0 && limitPerSecond <= Math.max(peak, 0.1) * 2;
  const top = Math.max(peak, limitShown ? limitPerSecond : 0) * 1.1 || 1;
  const limitWords = limitPerSecond ? `; rate limit ${formatRate(limitPerSecond)}${limitShown ? "" : " (off the scale)"}` : "";
  const summary =
    points.length === 0
      ? "Throughput: not enough samples yet"
      : `Throughput over time: peak ${peak.toFixed(1)} items/s, latest ${points[points.length - 1].itemsPerSecond.toFixed(1)} items/s${limitWords}`;
  const t0 = points[0]?.at ?? 0;
  const span = Math.max(1, (points[points.length - 1]?.at ?? 0) - t0);
  const x = (at: number) => PAD.left + (points.length === 1 ? PLOT_W / 2 : ((at - t0) / span) * PLOT_W);
  const y = (v: number) => PAD.top + PLOT_H - (v / top) * PLOT_H;
  const bottom = PAD.top + PLOT_H;
  const chart = svg`
    <line class="axis" x1=${PAD.left} y1=${PAD.top} x2=${PAD.left} y2=${bottom}></line>
    <line class="axis" x1=${PAD.left} y1=${bottom} x2=${W - PAD.right} y2=${bottom}></line>
    <text class="tick" x=${PAD.left - 4} y=${bottom} text-anchor="end" dominant-baseline="middle">0</text>
    <text class="tick" x=${PAD.left - 4} y=${PAD.top} text-anchor="end" dominant-baseline="middle">${top.toFixed(top < 10 ? 1 : 0)}</text>
    <text class="tick" x="2" y=${PAD.top + PLOT_H / 2} dominant-baseline="middle">items/s</text>
    ${
      points.length > 0
        ? svg`<text class="tick" x=${PAD.left} y=${H - 14}>${clock(t0)}</text>
          <text class="tick" x=${W - PAD.right} y=${H - 14} text-anchor="end">${clock(t0 + span)}</text>`
        : nothing
    }
    <text class="tick" x=${PAD.left + PLOT_W / 2} y=${H - 2} text-anchor="middle">time</text>
    ${limitShown ? svg`<line class="limit" x1=${PAD.left} x2=${W - PAD.right} y1=${y(limitPerSecond)} y2=${y(limitPerSecond)}><title>Rate limit ${formatRate(limitPerSecond)}</title></line>` : nothing}
    ${points.length > 1 ? svg`<polyline points=${points.map((p) => `${x(p.at)},${y(p.itemsPerSecond)}`).join(" ")}></polyline>` : nothing}
    ${points.map(
      (p) => svg`<circle class="point" cx=${x(p.at)} cy=${y(p.itemsPerSecond)} r="3"><title>${clock(p.at)}: ${formatRate(p.itemsPerSecond)}</title></circle>`,
    )}`;
  return html`<figure>
    <svg viewBox="0 0 ${W} ${H}" class="chart" role="img" aria-label=${summary} data-points=${points.length}>
      <title>${summary}</title>
      ${chart}
    </svg>
    <figcaption>${summary}</figcaption>
  </figure>`;
}
