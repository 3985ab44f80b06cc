// A local stand-in for the Toastmasters dashboard's CSV export, with the real URL scheme:
//   /{PY}/export.aspx?type=CSV&report=clubperformance~61~3/1/2025~~2024-2025   (past program years)
//   /export.aspx?type=CSV&report=...                  (current program year; it ignores dates of
//                                                      other years and serves the latest data)
//   /{current PY}/export.aspx answers 500, as the real site does.
// Month-end closing: the first `closingDays` days of a month still carry the previous month's data
// ("Month of Dec, As of 1/3/2025"). Dates after `lastPublication` get a header-only body.
// Column names follow the program year (variants.mjs); `headerVariants` picks others per district
// or program year.
// Control (tests and npm start):
//   POST /__control {districts, lastPublication, closingDays, latencyMs, headerVariants, faults: [fault]}
//     fault: {type: "503"|"html"|"404"|"timeout"|"header-only"|"wrong-asof"|"malformed"|"drop-column",
//             count (requests it affects; default unlimited), districts, reports, dates, holdMs,
//             column (drop-column: today's name of the column the export leaves out)}
//   POST /__reset   GET /__calls -> {calls: [{at, report, district, date, status, fault}]}   GET /__health
import { createServer } from "node:http";
import { csv, footer, hash, headerOnly, rows, summaryRows } from "./data.mjs";
import { unknownVariants, variantFor } from "./variants.mjs";

export const DEFAULT_DISTRICTS = ["1", "2", "3", "10", "21", "42", "61", "F"];

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const initialMode = () => ({ districts: DEFAULT_DISTRICTS, lastPublication: null, closingDays: null, latencyMs: 0, headerVariants: {}, faults: [] });

function programYear(iso) {
  const [y, m] = iso.split("-").map(Number);
  const start = m >= 7 ? y : y - 1;
  return `${start}-${start + 1}`;
}

function isoFromMdy(mdy) {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(mdy ?? "");
  return m ? `${m[3]}-${m[1].padStart(2, "0")}-${m[2].padStart(2, "0")}` : null;
}

function lastDayOfMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** How many days into `month` the previous month's closing lasts (1-5, stable per month). */
export function closingDaysOf(mode, year, month) {
  return mode.closingDays ?? 1 + (hash(`${year}-${month}`) % 5);
}

/** The data an export for `date` carries: its data date, data month and how far into closing. */
export function dataFor(mode, date) {
  const [y, m, d] = date.split("-").map(Number);
  if (d <= closingDaysOf(mode, y, m)) {
    const py = m === 1 ? y - 1 : y;
    const pm = m === 1 ? 12 : m - 1;
    return { dataDate: lastDayOfMonth(py, pm), dataMonth: pm, extra: d };
  }
  return { dataDate: date, dataMonth: m, extra: 0 };
}

function parseReport(param) {
  const parts = (param ?? "").split("~");
  if (parts[0] === "districtsummary") return { report: parts[0], district: null, date: isoFromMdy(parts[1]) };
  return { report: parts[0], district: parts[1] ?? null, date: isoFromMdy(parts[2]) };
}

export async function startDashboardSim({ port = 0, host = "127.0.0.1" } = {}) {
  const state = { mode: initialMode(), calls: [] };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${host}`);
    const send = (status, body, type = "text/csv; charset=utf-8") => res.writeHead(status, { "content-type": type }).end(body);
    if (url.pathname === "/__health") return send(200, JSON.stringify({ ok: true }), "application/json");
    if (url.pathname === "/__calls") return send(200, JSON.stringify({ calls: state.calls }), "application/json");
    if (url.pathname === "/__reset" && req.method === "POST") {
      state.mode = initialMode();
      state.calls = [];
      return send(200, JSON.stringify(state.mode), "application/json");
    }
    if (url.pathname === "/__control" && req.method === "POST") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const change = JSON.parse(raw || "{}");
      const unknown = unknownVariants(change.headerVariants);
      if (unknown.length > 0) return send(400, JSON.stringify({ error: `unknown header variants: ${unknown.join(", ")}` }), "application/json");
      Object.assign(state.mode, change);
      return send(200, JSON.stringify(state.mode), "application/json");
    }
    const path = /^\/(?:(\d{4}-\d{4})\/)?export\.aspx$/i.exec(url.pathname);
    if (!path || url.searchParams.get("type") !== "CSV") return send(404, "<html><body>Not found</body></html>", "text/html");

    const mode = state.mode;
    const { report, district, date } = parseReport(url.searchParams.get("report"));
    const call = { at: Date.now(), report, district, date, status: 200, fault: null };
    state.calls.push(call);
    if (mode.latencyMs > 0) await new Promise((r) => setTimeout(r, mode.latencyMs));

    const fault = mode.faults.find(
      (f) =>
        (f.count ?? Infinity) > 0 &&
        (!f.districts || f.districts.includes(district)) &&
        (!f.reports || f.reports.includes(report)) &&
        (!f.dates || f.dates.includes(date)),
    );
    if (fault && fault.count !== undefined) fault.count -= 1;
    call.fault = fault?.type ?? null;
    const fail = (status, body, type) => {
      call.status = status;
      return send(status, body, type);
    };
    if (fault?.type === "503") return fail(503, "<html><body>Service Unavailable</body></html>", "text/html");
    if (fault?.type === "html") return send(200, "<!DOCTYPE html><html><body>Runtime Error</body></html>", "text/html; charset=utf-8");
    if (fault?.type === "404") return fail(404, "<html><body>Not found</body></html>", "text/html");
    if (fault?.type === "timeout") {
      await new Promise((r) => setTimeout(r, fault.holdMs ?? 60_000));
      if (res.destroyed) return;
    }

    const today = new Date().toISOString().slice(0, 10);
    const currentPy = programYear(today);
    if (path[1] === currentPy) return fail(500, "<html><body>Server Error in '/' Application.</body></html>", "text/html");
    if (!report || !date || !["districtsummary", "districtperformance", "divisionperformance", "clubperformance"].includes(report)) {
      return fail(500, "<html><body>Server Error in '/' Application.</body></html>", "text/html");
    }
    const lastPublication = mode.lastPublication ?? yesterday();
    // The bare path serves the current year only: any other date gets the latest data.
    const servedDate = !path[1] && programYear(date) !== currentPy ? lastPublication : date;
    const knownDistrict = district === null || mode.districts.includes(district);
    const variant = variantFor(mode.headerVariants, district, programYear(servedDate));
    if (fault?.type === "header-only" || servedDate > lastPublication || !knownDistrict) return send(200, `\uFEFF${headerOnly(report, variant)}`);

    const { dataDate, dataMonth, extra } = dataFor(mode, servedDate);
    const asOf = fault?.type === "wrong-asof" ? new Date(Date.parse(`${servedDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : servedDate;
    let data = report === "districtsummary" ? summaryRows(mode.districts, dataDate, extra) : rows(report, district, dataDate, extra);
    if (fault?.type === "malformed") data = [...data.slice(0, 2), data[2]?.slice(0, 3) ?? ["x"], ...data.slice(3)];
    const dropColumns = fault?.type === "drop-column" ? [fault.column] : [];
    return send(200, csv(report, data, footer(dataMonth, asOf), variant, dropColumns));
  });

  await new Promise((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const url = `http://${host}:${address.port}`;
  return {
    url,
    state,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sim = await startDashboardSim({ port: Number(process.env.PORT ?? 8788) });
  console.log(`Dashboard simulator on ${sim.url}`);
}
