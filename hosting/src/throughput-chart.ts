/** A small SVG chart of items per second over time, from the job's throughput samples. */
import { h, toDate } from "./dom";

const NS = "http://www.w3.org/2000/svg";
const W = 300;
const H = 60;

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

/** The chart with its caption (the same summary, readable without the picture). */
export function throughputFigure(samples: Array<{ at: unknown; processed: number }>): HTMLElement {
  const chart = throughputChart(samples);
  return h("figure", {}, chart, h("figcaption", {}, chart.getAttribute("aria-label") ?? ""));
}

function throughputChart(samples: Array<{ at: unknown; processed: number }>): Element {
  const points = ratesFrom(samples);
  const peak = Math.max(0, ...points.map((p) => p.itemsPerSecond));
  const summary =
    points.length === 0
      ? "Throughput: not enough samples yet"
      : `Throughput over time: peak ${peak.toFixed(1)} items/s, latest ${points[points.length - 1].itemsPerSecond.toFixed(1)} items/s`;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", summary);
  svg.dataset.points = String(points.length);
  if (points.length > 0) {
    const t0 = points[0].at;
    const span = Math.max(1, points[points.length - 1].at - t0);
    const top = peak || 1;
    const xy = points.map((p) => `${((p.at - t0) / span) * W},${H - 2 - (p.itemsPerSecond / top) * (H - 4)}`);
    const line = document.createElementNS(NS, "polyline");
    line.setAttribute("points", points.length === 1 ? `0,${xy[0].split(",")[1]} ${W},${xy[0].split(",")[1]}` : xy.join(" "));
    svg.append(line);
  }
  const title = document.createElementNS(NS, "title");
  title.textContent = summary;
  svg.prepend(title);
  return svg;
}
